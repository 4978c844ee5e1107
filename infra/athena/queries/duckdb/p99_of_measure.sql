-- name: p99_of_measure (DuckDB)
-- Dialect differences: quantile_cont instead of approx_percentile; time_bucket instead of unix-time arithmetic.
SELECT exe,
       time_bucket(INTERVAL 5 MINUTE, time) AS bucket,
       count(*) AS samples,
       quantile_cont(value, 0.5) AS p50,
       quantile_cont(value, 0.99) AS p99,
       max(value) AS max_value
FROM read_parquet(getvariable('files'), union_by_name = true)
WHERE time >= now() - INTERVAL 1 DAY
  AND name = 'latency'
GROUP BY 1, 2
ORDER BY 1, 2;
