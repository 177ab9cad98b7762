-- SQLite counterpart of examples/queries/07-iam-policy-changes.sql (bench/athena_bench).
-- json_extract_scalar is NULL for objects, arrays and invalid JSON; json_extract is not (and
-- fails on invalid JSON), hence the json_type/json_valid guards for the policy document.
WITH changes AS (
    SELECT eventtime,
           coalesce(useridentity_arn, useridentity_principalid) AS principal,
           eventname,
           requestparameters,
           CASE WHEN json_type(requestparameters, '$.policyDocument') = 'text'
                THEN json_extract(requestparameters, '$.policyDocument') END AS document,
           errorcode
    FROM cloudtrail_logs
    WHERE eventsource = 'iam.amazonaws.com'
      AND eventname IN ('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy',
                        'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
                        'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion',
                        'DeletePolicyVersion', 'SetDefaultPolicyVersion',
                        'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy',
                        'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy')
)
SELECT eventtime,
       principal,
       eventname,
       coalesce(json_extract(requestparameters, '$.userName'),
                json_extract(requestparameters, '$.roleName'),
                json_extract(requestparameters, '$.groupName')) AS target,
       coalesce(json_extract(requestparameters, '$.policyArn'),
                json_extract(requestparameters, '$.policyName')) AS policy,
       CASE WHEN json_valid(document)
                 AND json_type(document, '$.Statement[0].Action') NOT IN ('object', 'array')
            THEN json_extract(document, '$.Statement[0].Action') END AS first_action,
       errorcode
FROM changes
ORDER BY eventtime;
