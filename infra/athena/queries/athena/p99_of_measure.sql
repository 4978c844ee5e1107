-- name: p99_of_measure
-- p50/p99/max of one measure per exe over the last day, in 5-minute buckets.
-- approx_percentile estimates (about 1 % rank error); DuckDB's quantile_cont is exact.
-- approximate: p50, p99
SELECT exe,
       from_unixtime(floor(to_unixtime(time) / 300) * 300) AS bucket,
       count(*) AS samples,
       approx_percentile(value, 0.5) AS p50,
       approx_percentile(value, 0.99) AS p99,
       max(value) AS max_value
FROM measures
WHERE dt >= date_format(current_timestamp - interval '1' day, '%Y-%m-%d')
  AND time >= current_timestamp - interval '1' day
  AND name = 'latency'
GROUP BY 1, 2
ORDER BY 1, 2;
