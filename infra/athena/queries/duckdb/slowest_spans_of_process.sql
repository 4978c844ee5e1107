-- name: slowest_spans_of_process (DuckDB)
-- $files: the local copy of the file the process's thread_spans manifest lists.
WITH s AS (SELECT * FROM read_parquet(getvariable('files'), union_by_name = true))
SELECT s.thread_name, s.name, s.depth, s.begin_time, s.duration_ns / 1e6 AS duration_ms, p.name AS parent_name,
       s.source_file, s.line
FROM s LEFT JOIN s AS p ON p.stream_id = s.stream_id AND p.id = s.parent
ORDER BY s.duration_ns DESC
LIMIT 50;
