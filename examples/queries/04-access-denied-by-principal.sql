-- Finds: principals whose calls were denied, with how often and which actions.
-- Why: a burst of AccessDenied / UnauthorizedOperation errors from one principal is a classic
-- sign of stolen credentials being tried against APIs they have no rights to.
-- Change: add a partition predicate (year/month/day) to limit the period.
SELECT coalesce(useridentity.arn, useridentity.principalid) AS principal,
       count(*) AS denied_calls,
       count(DISTINCT eventsource || ':' || eventname) AS distinct_actions,
       array_sort(array_agg(DISTINCT eventname)) AS actions,
       min(eventtime) AS first_denied,
       max(eventtime) AS last_denied
FROM cloudtrail_logs
WHERE errorcode LIKE '%UnauthorizedOperation'
   OR errorcode LIKE 'AccessDenied%'
GROUP BY coalesce(useridentity.arn, useridentity.principalid)
ORDER BY denied_calls DESC, principal;
