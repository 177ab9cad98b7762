-- SQLite counterpart of examples/queries/10-security-groups-open-to-world.sql (bench/athena_bench).
SELECT eventtime,
       coalesce(useridentity_arn, useridentity_principalid) AS principal,
       awsregion,
       json_extract(requestparameters, '$.groupId') AS group_id,
       json_extract(requestparameters, '$.ipPermissions.items[0].ipProtocol') AS protocol,
       json_extract(requestparameters, '$.ipPermissions.items[0].fromPort') AS from_port,
       json_extract(requestparameters, '$.ipPermissions.items[0].toPort') AS to_port,
       sourceipaddress
FROM cloudtrail_logs
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname = 'AuthorizeSecurityGroupIngress'
  AND (instr(requestparameters, '"0.0.0.0/0"') > 0 OR instr(requestparameters, '"::/0"') > 0)
  AND errorcode IS NULL
ORDER BY eventtime;
