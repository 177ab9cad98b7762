-- Finds: the timeline of one access key: every call made with it and every IAM call naming it
-- (UpdateAccessKey, DeleteAccessKey), with the time since the previous call and IP changes.
-- Why: shows when a key started being used from somewhere new, and what was done with it.
-- Change: the key id 'AKIAZ7DEPLOYKEY00042' (twice).
WITH calls AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time,
           eventsource,
           eventname,
           awsregion,
           sourceipaddress,
           errorcode,
           CASE WHEN useridentity.accesskeyid = 'AKIAZ7DEPLOYKEY00042' THEN 'used'
                ELSE 'named' END AS key_role
    FROM cloudtrail_logs
    WHERE useridentity.accesskeyid = 'AKIAZ7DEPLOYKEY00042'
       OR json_extract_scalar(requestparameters, '$.accessKeyId') = 'AKIAZ7DEPLOYKEY00042'
)
SELECT event_time,
       key_role,
       eventname,
       awsregion,
       sourceipaddress,
       errorcode,
       date_diff('second', lag(event_time) OVER (ORDER BY event_time), event_time)
           AS seconds_since_previous,
       sourceipaddress <> lag(sourceipaddress) OVER (ORDER BY event_time) AS new_ip
FROM calls
ORDER BY event_time;
