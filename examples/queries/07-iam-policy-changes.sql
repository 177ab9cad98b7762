-- Finds: IAM policy changes - inline policies put or deleted, managed policies attached,
-- detached, created or given a new version (the CIS "IAM policy changes" list).
-- Why: attaching an administrator policy or writing a permissive inline policy is how an
-- intruder escalates privileges and keeps access. first_action shows the first statement's
-- Action of an inline/new policy document (NULL when it is a list).
-- Change: add a partition predicate (year/month/day) to limit the period.
SELECT eventtime,
       coalesce(useridentity.arn, useridentity.principalid) AS principal,
       eventname,
       coalesce(json_extract_scalar(requestparameters, '$.userName'),
                json_extract_scalar(requestparameters, '$.roleName'),
                json_extract_scalar(requestparameters, '$.groupName')) AS target,
       coalesce(json_extract_scalar(requestparameters, '$.policyArn'),
                json_extract_scalar(requestparameters, '$.policyName')) AS policy,
       json_extract_scalar(json_extract_scalar(requestparameters, '$.policyDocument'),
                           '$.Statement[0].Action') AS first_action,
       errorcode
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname IN ('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy',
                    'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
                    'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion',
                    'DeletePolicyVersion', 'SetDefaultPolicyVersion',
                    'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy',
                    'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy')
ORDER BY eventtime;
