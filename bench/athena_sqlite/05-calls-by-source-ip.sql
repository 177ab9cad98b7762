-- SQLite counterpart of examples/queries/05-calls-by-source-ip.sql (bench/athena_bench).
-- "timestamp" BETWEEN '2026/11/20' AND '2026/11/23' as a range on eventtime; approx_distinct as
-- count(DISTINCT); identities: comma-separated text.
SELECT sourceipaddress,
       count(*) AS calls,
       count(DISTINCT arn) AS principals,
       count(errorcode) AS errors,
       min(eventtime) AS first_seen,
       max(eventtime) AS last_seen,
       group_concat(DISTINCT identity) AS identities
FROM (SELECT sourceipaddress,
             useridentity_arn AS arn,
             errorcode,
             eventtime,
             coalesce(useridentity_username,
                      json_extract(useridentity_sessioncontext, '$.sessionIssuer.userName'),
                      useridentity_type) AS identity
      FROM cloudtrail_logs
      WHERE sourceipaddress NOT GLOB '*amazonaws.com'
        AND eventtime >= '2026-11-20' AND eventtime < '2026-11-24'
      ORDER BY identity)
GROUP BY sourceipaddress
ORDER BY calls DESC, sourceipaddress;
