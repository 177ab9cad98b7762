-- Finds: every source IP address with its call count, principals (users, roles, Root), errors
-- and first/last use.
-- Why: an address seen for the first time, or used by an unexpected principal, is where an
-- investigation of leaked credentials starts. Calls made by AWS services (sourceipaddress
-- like "ec2.amazonaws.com") are left out.
-- Change: the partition predicate ("timestamp" is yyyy/MM/dd) to the period you investigate.
SELECT sourceipaddress,
       count(*) AS calls,
       approx_distinct(useridentity.arn) AS principals,
       count_if(errorcode IS NOT NULL) AS errors,
       min(eventtime) AS first_seen,
       max(eventtime) AS last_seen,
       array_sort(array_agg(DISTINCT coalesce(useridentity.username,
                                              useridentity.sessioncontext.sessionissuer.username,
                                              useridentity.type))) AS identities
FROM cloudtrail_logs
WHERE sourceipaddress NOT LIKE '%amazonaws.com'
  AND "timestamp" BETWEEN '2026/11/20' AND '2026/11/23'
GROUP BY sourceipaddress
ORDER BY calls DESC, sourceipaddress;
