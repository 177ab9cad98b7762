-- Finds: source IPs with failed console sign-ins, the user names they tried, and whether a
-- sign-in from the same IP later succeeded.
-- Why: failures spread over user names are password spraying; failures followed by a success
-- from the same address may be a guessed password. "HIDDEN_DUE_TO_SECURITY_REASONS" is a user
-- name that does not exist in the account.
-- Change: the HAVING threshold (1 failure) for a busier account.
WITH logins AS (
    SELECT eventtime,
           sourceipaddress,
           coalesce(useridentity.username, useridentity.type) AS user_name,
           json_extract_scalar(responseelements, '$.ConsoleLogin') AS outcome
    FROM cloudtrail_logs
    WHERE eventname = 'ConsoleLogin'
)
SELECT sourceipaddress,
       count_if(outcome = 'Failure') AS failures,
       count_if(outcome = 'Success') AS successes,
       array_sort(array_agg(DISTINCT user_name)) AS user_names,
       min(eventtime) AS first_seen,
       max(eventtime) AS last_seen
FROM logins
GROUP BY sourceipaddress
HAVING count_if(outcome = 'Failure') >= 1
ORDER BY failures DESC, sourceipaddress;
