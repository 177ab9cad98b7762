-- Finds: S3 objects read (GetObject data events), allowed or denied, with bytes sent.
-- Why: shows what data a principal actually took; denied reads of sensitive buckets show
-- what it tried. Needs a trail that records S3 data events.
-- Change: add AND r.arn LIKE 'arn:aws:s3:::bucket-name/%' to follow one bucket.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.principalid) AS principal,
       r.arn AS object_arn,
       CAST(json_extract_scalar(additionaleventdata, '$.bytesTransferredOut') AS bigint)
           AS bytes_out,
       sourceipaddress,
       errorcode
FROM cloudtrail_logs
CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventsource = 's3.amazonaws.com'
  AND eventname = 'GetObject'
  AND r.type = 'AWS::S3::Object'
ORDER BY eventtime;
