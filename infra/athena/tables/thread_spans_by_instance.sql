-- On-demand thread_spans of one process or stream (instance = its id): the file listed by that
-- instance's symlink manifest. Queries must say WHERE instance = '<id>' (injected projection).
-- Generated from View (schema version 2) by AthenaDdl: edit View, then make athena-ddl.
CREATE EXTERNAL TABLE IF NOT EXISTS thread_spans_by_instance (
  `process_id` string,
  `stream_id` string,
  `thread_name` string,
  `thread_id` bigint,
  `id` bigint,
  `parent` bigint,
  `depth` int,
  `begin_time` timestamp,
  `end_time` timestamp,
  `begin_ns` bigint,
  `end_ns` bigint,
  `duration_ns` bigint,
  `name` string,
  `target` string,
  `source_file` string,
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
