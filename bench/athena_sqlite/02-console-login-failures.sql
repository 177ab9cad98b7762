-- SQLite counterpart of examples/queries/02-console-login-failures.sql (bench/athena_bench).
-- user_names: comma-separated text (rows fed in name order, as array_sort does).
WITH logins AS (
    SELECT eventtime,
           sourceipaddress,
           coalesce(useridentity_username, useridentity_type) AS user_name,
           json_extract(responseelements, '$.ConsoleLogin') AS outcome
    FROM cloudtrail_logs
    WHERE eventname = 'ConsoleLogin'
)
SELECT sourceipaddress,
       count(*) FILTER (WHERE outcome = 'Failure') AS failures,
       count(*) FILTER (WHERE outcome = 'Success') AS successes,
       group_concat(DISTINCT user_name) AS user_names,
       min(eventtime) AS first_seen,
       max(eventtime) AS last_seen
FROM (SELECT * FROM logins ORDER BY user_name)
GROUP BY sourceipaddress
HAVING count(*) FILTER (WHERE outcome = 'Failure') >= 1
ORDER BY failures DESC, sourceipaddress;
