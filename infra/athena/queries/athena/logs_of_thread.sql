-- name: logs_of_thread
-- The last hour's logs of one thread of one executable, in order, with one event property.
-- element_at(properties, 'k') is NULL on a row without the key; properties['k'] fails the query.
-- Athena reads `time` with millisecond precision: time_ns orders the rows of one millisecond.
SELECT time, time_ns, thread_name, thread_id, level, target, msg, element_at(properties, 'order_id') AS order_id
FROM log_entries
WHERE dt >= date_format(current_timestamp - interval '1' hour, '%Y-%m-%d')
  AND insert_time >= current_timestamp - interval '2' hour
  AND time >= current_timestamp - interval '1' hour
  AND exe = 'app.jar'
  AND thread_name = 'main'
ORDER BY time, time_ns
LIMIT 1000;
