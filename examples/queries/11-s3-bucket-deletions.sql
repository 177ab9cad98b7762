-- Finds: S3 buckets deleted, with the bucket name taken from the record's resources.
-- Why: deleting the bucket that holds logs or backups destroys evidence and recovery points.
-- Change: add 'DeleteBucketPolicy', 'PutBucketPolicy' or 'DeleteBucketEncryption' to the
-- list to also see bucket policy and encryption changes.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.principalid) AS principal,
       replace(r.arn, 'arn:aws:s3:::') AS bucket,
       awsregion,
       sourceipaddress,
       errorcode
FROM cloudtrail_logs
CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventsource = 's3.amazonaws.com'
  AND eventname IN ('DeleteBucket')
  AND r.type = 'AWS::S3::Bucket'
ORDER BY eventtime;
