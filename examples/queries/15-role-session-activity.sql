-- Finds: what each assumed-role session did: its role, session name, MFA, source IPs, calls
-- and errors, and the first actions it took.
-- Why: follows the sessions of 14-assumed-roles.sql; a session that writes (readonly =
-- 'false') from a role meant for reading, or from a new IP, deserves attention.
-- Change: add AND useridentity.sessioncontext.sessionissuer.username = 'RoleName' to follow
-- one role.
SELECT useridentity.sessioncontext.sessionissuer.arn AS role_arn,
       regexp_extract(useridentity.arn, '[^/]+$') AS session_name,
       useridentity.sessioncontext.attributes.mfaauthenticated AS mfa,
       array_sort(array_agg(DISTINCT sourceipaddress)) AS source_ips,
       count(*) AS calls,
       count_if(readonly = 'false') AS writes,
       count_if(errorcode IS NOT NULL) AS errors,
       slice(array_agg(eventname ORDER BY eventtime), 1, 3) AS first_actions,
       min(eventtime) AS first_call
FROM cloudtrail_logs
WHERE useridentity.type = 'AssumedRole'
GROUP BY 1, 2, 3
ORDER BY first_call;
