-- SQLite counterpart of examples/queries/04-access-denied-by-principal.sql (bench/athena_bench).
-- GLOB: LIKE is case-insensitive in SQLite, Athena's is not. actions: comma-separated text.
SELECT principal,
       count(*) AS denied_calls,
       count(DISTINCT eventsource || ':' || eventname) AS distinct_actions,
       group_concat(DISTINCT eventname) AS actions,
       min(eventtime) AS first_denied,
       max(eventtime) AS last_denied
FROM (SELECT coalesce(useridentity_arn, useridentity_principalid) AS principal,
             eventsource,
             eventname,
             eventtime
      FROM cloudtrail_logs
      WHERE errorcode GLOB '*UnauthorizedOperation'
         OR errorcode GLOB 'AccessDenied*'
      ORDER BY eventname)
GROUP BY principal
ORDER BY denied_calls DESC, principal;
