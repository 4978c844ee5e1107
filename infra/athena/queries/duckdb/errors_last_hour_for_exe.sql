-- name: errors_last_hour_for_exe (DuckDB)
-- $files: the local copies of the files the log_entries manifests list, e.g.
--   SET VARIABLE files = ['/tmp/lakeobs/log_entries/1.parquet', ...];
-- Dialect differences: read_parquet(list) instead of a table; INTERVAL 1 HOUR; now().
SELECT time, computer, process_id, target, level, msg
FROM read_parquet(getvariable('files'))
WHERE time >= now() - INTERVAL 1 HOUR
  AND exe = 'app.jar'
  AND level >= 5
ORDER BY time DESC
LIMIT 200;
