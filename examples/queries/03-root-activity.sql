-- Finds: every action the root user took itself (CIS "root account usage").
-- Why: root cannot be restricted by IAM policies and should almost never be used. Calls AWS
-- services make on root's behalf (invokedby set) and service events such as
-- CredentialVerification are left out.
-- Change: nothing; add a partition predicate (year/month/day) to limit the period.
SELECT eventtime,
       eventsource,
       eventname,
       awsregion,
       sourceipaddress,
       useragent,
       errorcode
FROM cloudtrail_logs
WHERE useridentity.type = 'Root'
  AND useridentity.invokedby IS NULL
  AND eventtype <> 'AwsServiceEvent'
ORDER BY eventtime;
