-- SQLite counterpart of examples/queries/09-kms-key-disabling.sql (bench/athena_bench).
-- CROSS JOIN UNNEST(resources) as json_each over the resources' JSON array.
SELECT eventtime,
       coalesce(useridentity_arn, useridentity_principalid) AS principal,
       eventname,
       awsregion,
       json_extract(r.value, '$.ARN') AS key_arn,
       json_extract(requestparameters, '$.pendingWindowInDays') AS pending_window_days,
       errorcode
FROM cloudtrail_logs
CROSS JOIN json_each(cloudtrail_logs.resources) AS r
WHERE eventsource = 'kms.amazonaws.com'
  AND eventname IN ('DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion')
  AND json_extract(r.value, '$.type') = 'AWS::KMS::Key'
ORDER BY eventtime;
