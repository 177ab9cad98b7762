-- Finds: console sign-ins that succeeded without MFA (IAM users and the root user).
-- Why: a password alone opened the console - the CIS AWS Foundations "console sign-in without
-- MFA" alarm. Federated (SSO) sign-ins carry no MFAUsed field and are listed too.
-- Change: the partition predicate (year/month/day) to the period you investigate.
SELECT eventtime,
       useridentity.type AS identity_type,
       coalesce(useridentity.arn, useridentity.username) AS principal,
       sourceipaddress,
       awsregion,
       useragent
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes'
  AND year = '2026'
  AND month = '11'
ORDER BY eventtime;
