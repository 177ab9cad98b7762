-- SQLite counterpart of examples/queries/12-attack-tool-user-agents.sql (bench/athena_bench).
-- SQLite has no regexp_like (no REGEXP function in the stock library): the alternatives as LIKEs.
SELECT coalesce(useridentity_arn, useridentity_principalid) AS principal,
       sourceipaddress,
       useragent,
       count(*) AS calls,
       count(errorcode) AS errors,
       min(eventtime) AS first_seen,
       max(eventtime) AS last_seen
FROM cloudtrail_logs
WHERE lower(useragent) LIKE '%kali%'
   OR lower(useragent) LIKE '%parrot%'
   OR lower(useragent) LIKE '%pentoo%'
   OR lower(useragent) LIKE '%pacu%'
   OR lower(useragent) LIKE '%cloudfox%'
   OR lower(useragent) LIKE '%scoutsuite%'
   OR lower(useragent) LIKE '%weirdaal%'
GROUP BY coalesce(useridentity_arn, useridentity_principalid), sourceipaddress, useragent
ORDER BY first_seen;
