SELECT eventtime, useridentity.username, replace(r.arn, 'arn:aws:s3:::') AS bucket
FROM awsdatacatalog."default".cloudtrail_logs CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventname = 'DeleteBucket' /* nested /* comment */ */
  AND from_iso8601_timestamp(eventtime) > current_timestamp - INTERVAL '7' DAY; -- end
