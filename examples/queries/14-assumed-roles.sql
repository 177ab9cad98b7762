-- Finds: every AssumeRole: who assumed which role, the session it got, from where, and
-- whether the caller belongs to another account.
-- Why: role chaining and cross-account access are how access spreads; an unexpected caller
-- or account in this list is worth a look.
-- Change: add AND json_extract_scalar(requestparameters, '$.roleArn') LIKE '%role/Name' to
-- follow one role.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.invokedby) AS caller,
       useridentity.accountid AS caller_account,
       json_extract_scalar(requestparameters, '$.roleArn') AS role_arn,
       json_extract_scalar(requestparameters, '$.roleSessionName') AS session_name,
       json_extract_scalar(responseelements, '$.assumedRoleUser.arn') AS session_arn,
       sourceipaddress,
       coalesce(useridentity.accountid, recipientaccountid) <> recipientaccountid
           AS cross_account
FROM cloudtrail_logs
WHERE eventsource = 'sts.amazonaws.com'
  AND eventname IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity')
ORDER BY eventtime;
