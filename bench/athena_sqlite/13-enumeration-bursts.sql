-- SQLite counterpart of examples/queries/13-enumeration-bursts.sql (bench/athena_bench).
-- regexp_like(eventname, '^(List|Describe|Get)') as GLOBs; the 10-minute clock window from
-- unixepoch().
WITH reads AS (
    SELECT coalesce(useridentity_arn, useridentity_principalid) AS principal,
           eventsource || ':' || eventname AS action,
           eventtime AS event_time,
           errorcode
    FROM cloudtrail_logs
    WHERE eventname GLOB 'List*' OR eventname GLOB 'Describe*' OR eventname GLOB 'Get*'
)
SELECT principal,
       datetime(unixepoch(event_time) / 600 * 600, 'unixepoch') AS window_start,
       count(DISTINCT action) AS distinct_actions,
       count(*) AS calls,
       count(errorcode) AS errors,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM reads
GROUP BY 1, 2
HAVING count(DISTINCT action) >= 10
ORDER BY window_start, principal;
