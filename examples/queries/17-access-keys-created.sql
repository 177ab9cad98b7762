-- Finds: access keys created, by whom, for whom, and from where.
-- Why: a new long-term key - especially for root, or created by a key that was itself just
-- stolen - is how an intruder keeps access after the first key is revoked.
-- Change: the partition predicate ("timestamp" is yyyy/MM/dd) to the period you investigate.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.principalid) AS created_by,
       coalesce(json_extract_scalar(requestparameters, '$.userName'),
                useridentity.username,
                'root') AS key_owner,
       json_extract_scalar(responseelements, '$.accessKey.accessKeyId') AS access_key_id,
       sourceipaddress,
       useragent
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname = 'CreateAccessKey'
  AND "timestamp" >= '2026/11/01'
ORDER BY eventtime;
