-- SQLite counterpart of examples/queries/08-cloudtrail-tampering.sql (bench/athena_bench).
-- element_at(split(name, '/'), -1): what follows the last '/' (the rtrim/replace idiom).
SELECT eventtime,
       coalesce(useridentity_arn, useridentity_principalid) AS principal,
       eventname,
       awsregion,
       replace(name, rtrim(name, replace(name, '/', '')), '') AS trail,
       sourceipaddress,
       errorcode
FROM (SELECT *, json_extract(requestparameters, '$.name') AS name FROM cloudtrail_logs)
WHERE eventsource = 'cloudtrail.amazonaws.com'
  AND eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors',
                    'PutInsightSelectors')
ORDER BY eventtime;
