-- Finds: customer managed KMS keys disabled or scheduled for deletion (and deletions
-- cancelled), with the key from the record's resources.
-- Why: data encrypted under a deleted key is lost for good; disabling keys is a ransom and
-- sabotage technique (CIS "disabling or scheduled deletion of customer created CMKs").
-- Change: nothing; add a partition predicate (region, year/month/day) to narrow it.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.principalid) AS principal,
       eventname,
       awsregion,
       r.arn AS key_arn,
       json_extract_scalar(requestparameters, '$.pendingWindowInDays') AS pending_window_days,
       errorcode
FROM cloudtrail_logs
CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventsource = 'kms.amazonaws.com'
  AND eventname IN ('DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion')
  AND r.type = 'AWS::KMS::Key'
ORDER BY eventtime;
