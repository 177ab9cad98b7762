-- SQLite counterpart of examples/queries/15-role-session-activity.sql (bench/athena_bench).
-- regexp_extract(arn, '[^/]+$') with the rtrim/replace idiom; slice(array_agg(eventname ORDER BY
-- eventtime), 1, 3) with row_number(); arrays as comma-separated text (source_ips unsorted).
WITH sessions AS (
    SELECT json_extract(useridentity_sessioncontext, '$.sessionIssuer.arn') AS role_arn,
           replace(useridentity_arn,
                   rtrim(useridentity_arn, replace(useridentity_arn, '/', '')),
                   '') AS session_name,
           json_extract(useridentity_sessioncontext, '$.attributes.mfaAuthenticated') AS mfa,
           sourceipaddress,
           readonly,
           errorcode,
           eventname,
           eventtime
    FROM cloudtrail_logs
    WHERE useridentity_type = 'AssumedRole'
),
numbered AS (
    SELECT *,
           row_number() OVER (PARTITION BY role_arn, session_name, mfa ORDER BY eventtime) AS n
    FROM sessions
)
SELECT role_arn,
       session_name,
       mfa,
       group_concat(DISTINCT sourceipaddress) AS source_ips,
       count(*) AS calls,
       count(*) FILTER (WHERE readonly = 'false') AS writes,
       count(errorcode) AS errors,
       group_concat(CASE WHEN n <= 3 THEN eventname END) AS first_actions,
       min(eventtime) AS first_call
FROM numbered
GROUP BY role_arn, session_name, mfa
ORDER BY first_call;
