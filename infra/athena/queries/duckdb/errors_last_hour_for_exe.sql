-- name: errors_last_hour_for_exe (DuckDB)
-- $files: the local copies of the files the log_entries manifests list, e.g.
--   SET VARIABLE files = ['/tmp/lakeobs/log_entries/1.parquet', ...];
-- Dialect differences: read_parquet(list) instead of a table (union_by_name: files of an older
-- schema version read their missing columns as NULL); INTERVAL 1 HOUR; now().
SELECT time, time_ns, computer, process_id, thread_name, target, level, msg, exception_class, exception_message
FROM read_parquet(getvariable('files'), union_by_name = true)
WHERE time >= now() - INTERVAL 1 HOUR
  AND exe = 'app.jar'
  AND level >= 5
ORDER BY time DESC, time_ns DESC
LIMIT 200;
