-- Finds: calls that stop, delete or reconfigure CloudTrail trails.
-- Why: turning the trail off is the first thing a careful intruder does (CIS "CloudTrail
-- configuration changes"); anything after a StopLogging may be missing from the logs.
-- Change: nothing; add a partition predicate (year/month/day) to limit the period.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.principalid) AS principal,
       eventname,
       awsregion,
       element_at(split(json_extract_scalar(requestparameters, '$.name'), '/'), -1) AS trail,
       sourceipaddress,
       errorcode
FROM cloudtrail_logs
WHERE eventsource = 'cloudtrail.amazonaws.com'
  AND eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors',
                    'PutInsightSelectors')
ORDER BY eventtime;
