CREATE EXTERNAL TABLE IF NOT EXISTS logs.cloudtrail_logs (
  eventversion STRING, useridentity STRUCT<type:STRING, userName:STRING, sessioncontext:STRUCT<attributes:STRUCT<mfaauthenticated:STRING>, webIdFederationData:MAP<STRING,STRING>>>,
  resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>, n DECIMAL(10,2) COMMENT 'x')
PARTITIONED BY (`timestamp` STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://b/AWSLogs/1/CloudTrail/us-east-1'
TBLPROPERTIES ('projection.enabled'='true', 'storage.location.template'='s3://b/AWSLogs/1/CloudTrail/us-east-1/${timestamp}');
