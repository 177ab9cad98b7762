-- SQLite counterpart of examples/queries/11-s3-bucket-deletions.sql (bench/athena_bench).
SELECT eventtime,
       coalesce(useridentity_arn, useridentity_principalid) AS principal,
       replace(json_extract(r.value, '$.ARN'), 'arn:aws:s3:::', '') AS bucket,
       awsregion,
       sourceipaddress,
       errorcode
FROM cloudtrail_logs
CROSS JOIN json_each(cloudtrail_logs.resources) AS r
WHERE eventsource = 's3.amazonaws.com'
  AND eventname IN ('DeleteBucket')
  AND json_extract(r.value, '$.type') = 'AWS::S3::Bucket'
ORDER BY eventtime;
