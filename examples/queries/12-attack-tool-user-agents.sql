-- Finds: calls whose user agent names a penetration-testing distribution or an AWS attack
-- tool, grouped by principal, source IP and user agent.
-- Why: legitimate automation does not run from Kali or Parrot; GuardDuty's PenTest findings
-- look for the same strings.
-- Change: the pattern, to add tools you care about (the match is on the lower-cased agent).
SELECT coalesce(useridentity.arn, useridentity.principalid) AS principal,
       sourceipaddress,
       useragent,
       count(*) AS calls,
       count_if(errorcode IS NOT NULL) AS errors,
       min(eventtime) AS first_seen,
       max(eventtime) AS last_seen
FROM cloudtrail_logs
WHERE regexp_like(lower(useragent), 'kali|parrot|pentoo|pacu|cloudfox|scoutsuite|weirdaal')
GROUP BY coalesce(useridentity.arn, useridentity.principalid), sourceipaddress, useragent
ORDER BY first_seen;
