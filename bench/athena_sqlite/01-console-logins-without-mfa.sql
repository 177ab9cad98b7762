-- SQLite counterpart of examples/queries/01-console-logins-without-mfa.sql (bench/athena_bench).
-- year = '2026' AND month = '11' as a range on the ISO eventtime text (uses the index).
SELECT eventtime,
       useridentity_type AS identity_type,
       coalesce(useridentity_arn, useridentity_username) AS principal,
       sourceipaddress,
       awsregion,
       useragent
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND json_extract(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes'
  AND eventtime >= '2026-11-01' AND eventtime < '2026-12-01'
ORDER BY eventtime;
