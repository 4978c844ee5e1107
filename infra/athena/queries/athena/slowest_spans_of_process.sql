-- name: slowest_spans_of_process
-- The 50 slowest thread spans of one process (built on demand), with their parent's name.
SELECT s.thread_name, s.name, s.depth, s.begin_time, s.duration_ns / 1e6 AS duration_ms, p.name AS parent_name,
       s.source_file, s.line
FROM thread_spans_by_instance s
LEFT JOIN thread_spans_by_instance p
  ON p.instance = s.instance AND p.stream_id = s.stream_id AND p.id = s.parent
WHERE s.instance = '00000000-0000-0007-0000-000000000001'
ORDER BY s.duration_ns DESC
LIMIT 50;
