-- name: errors_last_hour_for_exe
-- Error and fatal logs (level >= 5) of one executable during the last hour, newest first.
-- dt prunes to today and yesterday (partition projection); insert_time bounds the scan further.
SELECT time, computer, process_id, target, level, msg
FROM log_entries
WHERE dt >= date_format(current_timestamp - interval '1' hour, '%Y-%m-%d')
  AND insert_time >= current_timestamp - interval '2' hour
  AND time >= current_timestamp - interval '1' hour
  AND exe = 'app.jar'
  AND level >= 5
ORDER BY time DESC
LIMIT 200;
