-- Finds: principals that called at least 10 different List*/Describe*/Get* APIs within one
-- 10-minute window (windows start on the clock: 02:20, 02:30, ...).
-- Why: stolen credentials are first used to discover what they can reach; tools such as pacu
-- and cloudfox call dozens of read-only APIs in a few minutes, people rarely do.
-- Change: the threshold (10) in HAVING; the window length (the % 10 in window_start).
WITH reads AS (
    SELECT coalesce(useridentity.arn, useridentity.principalid) AS principal,
           eventsource || ':' || eventname AS action,
           from_iso8601_timestamp(eventtime) AS event_time,
           errorcode
    FROM cloudtrail_logs
    WHERE regexp_like(eventname, '^(List|Describe|Get)')
)
SELECT principal,
       date_trunc('hour', event_time)
           + (minute(event_time) - minute(event_time) % 10) * INTERVAL '1' MINUTE AS window_start,
       count(DISTINCT action) AS distinct_actions,
       count(*) AS calls,
       count_if(errorcode IS NOT NULL) AS errors,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM reads
GROUP BY 1, 2
HAVING count(DISTINCT action) >= 10
ORDER BY window_start, principal;
