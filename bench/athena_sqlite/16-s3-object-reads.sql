-- SQLite counterpart of examples/queries/16-s3-object-reads.sql (bench/athena_bench).
SELECT eventtime,
       coalesce(useridentity_arn, useridentity_principalid) AS principal,
       json_extract(r.value, '$.ARN') AS object_arn,
       CAST(json_extract(additionaleventdata, '$.bytesTransferredOut') AS INTEGER) AS bytes_out,
       sourceipaddress,
       errorcode
FROM cloudtrail_logs
CROSS JOIN json_each(cloudtrail_logs.resources) AS r
WHERE eventsource = 's3.amazonaws.com'
  AND eventname = 'GetObject'
  AND json_extract(r.value, '$.type') = 'AWS::S3::Object'
ORDER BY eventtime;
