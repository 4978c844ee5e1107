-- name: logs_of_thread (DuckDB)
-- $files: the local copies of the files the log_entries manifests list.
-- Dialect differences: read_parquet(list) instead of a table; properties['k'] is NULL on a row
-- without the key in DuckDB (its element_at returns a list instead); INTERVAL 1 HOUR; now().
SELECT time, time_ns, thread_name, thread_id, level, target, msg, properties['order_id'] AS order_id
FROM read_parquet(getvariable('files'), union_by_name = true)
WHERE time >= now() - INTERVAL 1 HOUR
  AND exe = 'app.jar'
  AND thread_name = 'main'
ORDER BY time, time_ns
LIMIT 1000;
