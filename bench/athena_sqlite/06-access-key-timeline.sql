-- SQLite counterpart of examples/queries/06-access-key-timeline.sql (bench/athena_bench).
WITH calls AS (
    SELECT eventtime AS event_time,
           eventsource,
           eventname,
           awsregion,
           sourceipaddress,
           errorcode,
           CASE WHEN useridentity_accesskeyid = 'AKIAZ7DEPLOYKEY00042' THEN 'used'
                ELSE 'named' END AS key_role
    FROM cloudtrail_logs
    WHERE useridentity_accesskeyid = 'AKIAZ7DEPLOYKEY00042'
       OR json_extract(requestparameters, '$.accessKeyId') = 'AKIAZ7DEPLOYKEY00042'
)
SELECT event_time,
       key_role,
       eventname,
       awsregion,
       sourceipaddress,
       errorcode,
       unixepoch(event_time) - unixepoch(lag(event_time) OVER (ORDER BY event_time))
           AS seconds_since_previous,
       sourceipaddress <> lag(sourceipaddress) OVER (ORDER BY event_time) AS new_ip
FROM calls
ORDER BY event_time;
