-- SQLite counterpart of examples/queries/03-root-activity.sql (bench/athena_bench).
SELECT eventtime,
       eventsource,
       eventname,
       awsregion,
       sourceipaddress,
       useragent,
       errorcode
FROM cloudtrail_logs
WHERE useridentity_type = 'Root'
  AND useridentity_invokedby IS NULL
  AND eventtype <> 'AwsServiceEvent'
ORDER BY eventtime;
