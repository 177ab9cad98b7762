-- SQLite counterpart of examples/queries/14-assumed-roles.sql (bench/athena_bench).
SELECT eventtime,
       coalesce(useridentity_arn, useridentity_invokedby) AS caller,
       useridentity_accountid AS caller_account,
       json_extract(requestparameters, '$.roleArn') AS role_arn,
       json_extract(requestparameters, '$.roleSessionName') AS session_name,
       json_extract(responseelements, '$.assumedRoleUser.arn') AS session_arn,
       sourceipaddress,
       coalesce(useridentity_accountid, recipientaccountid) <> recipientaccountid
           AS cross_account
FROM cloudtrail_logs
WHERE eventsource = 'sts.amazonaws.com'
  AND eventname IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity')
ORDER BY eventtime;
