-- name: errors_last_hour_for_exe
-- Error and fatal logs (level >= 5) of one executable during the last hour, newest first, with the
-- thread and the exception (null when none was logged).
-- dt prunes to today and yesterday (partition projection); insert_time bounds the scan further.
-- Athena reads `time` with millisecond precision: time_ns orders the rows of one millisecond.
SELECT time, time_ns, computer, process_id, thread_name, target, level, msg, exception_class, exception_message
FROM log_entries
WHERE dt >= date_format(current_timestamp - interval '1' hour, '%Y-%m-%d')
  AND insert_time >= current_timestamp - interval '2' hour
  AND time >= current_timestamp - interval '1' hour
  AND exe = 'app.jar'
  AND level >= 5
ORDER BY time DESC, time_ns DESC
LIMIT 200;
