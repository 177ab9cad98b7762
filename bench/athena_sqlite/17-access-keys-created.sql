-- SQLite counterpart of examples/queries/17-access-keys-created.sql (bench/athena_bench).
-- "timestamp" >= '2026/11/01' as a range on eventtime.
SELECT eventtime,
       coalesce(useridentity_arn, useridentity_principalid) AS created_by,
       coalesce(json_extract(requestparameters, '$.userName'),
                useridentity_username,
                'root') AS key_owner,
       json_extract(responseelements, '$.accessKey.accessKeyId') AS access_key_id,
       sourceipaddress,
       useragent
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname = 'CreateAccessKey'
  AND eventtime >= '2026-11-01'
ORDER BY eventtime;
