-- Finds: security group ingress rules opened to the whole internet (0.0.0.0/0 or ::/0).
-- Why: SSH/RDP/database ports open to the world are found by scanners within minutes; an
-- intruder opens one to get in, or to exfiltrate. Rules for a single address (/32) are not
-- listed.
-- Change: nothing; add a partition predicate (region, year/month/day) to narrow it.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.principalid) AS principal,
       awsregion,
       json_extract_scalar(requestparameters, '$.groupId') AS group_id,
       json_extract_scalar(requestparameters, '$.ipPermissions.items[0].ipProtocol') AS protocol,
       json_extract_scalar(requestparameters, '$.ipPermissions.items[0].fromPort') AS from_port,
       json_extract_scalar(requestparameters, '$.ipPermissions.items[0].toPort') AS to_port,
       sourceipaddress
FROM cloudtrail_logs
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname = 'AuthorizeSecurityGroupIngress'
  AND (strpos(requestparameters, '"0.0.0.0/0"') > 0 OR strpos(requestparameters, '"::/0"') > 0)
  AND errorcode IS NULL
ORDER BY eventtime;
