-- On-demand thread_spans of one process or stream (instance = its id): the file listed by that
-- instance's symlink manifest. Queries must say WHERE instance = '<id>' (injected projection).
CREATE EXTERNAL TABLE IF NOT EXISTS thread_spans_by_instance (
  `process_id` string,
  `stream_id` string,
  `thread_name` string,
  `id` bigint,
  `parent` bigint,
  `depth` int,
  `begin` timestamp,
  `end` timestamp,
  `begin_ns` bigint,
  `end_ns` bigint,
  `duration_ns` bigint,
  `name` string,
  `target` string,
  `filename` string,
  `line` int
)
PARTITIONED BY (`instance` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${VIEWS_BUCKET}/manifests/thread_spans/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.instance.type' = 'injected',
  'storage.location.template' = 's3://${VIEWS_BUCKET}/manifests/thread_spans/instance=${instance}/'
);
