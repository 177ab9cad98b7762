SELECT eventtime, useridentity.arn, sourceipaddress
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes';
