-- Global log_entries: the files listed by the per-day symlink manifests that the views functions
-- rewrite atomically (see docs/views.md). Replace ${VIEWS_BUCKET} before running.
-- Generated from View (schema version 2) by AthenaDdl: edit View, then make athena-ddl.
CREATE EXTERNAL TABLE IF NOT EXISTS log_entries (
  `process_id` string,
  `stream_id` string,
  `block_id` string,
  `insert_time` timestamp,
  `exe` string,
  `username` string,
  `computer` string,
  `thread_name` string,
  `thread_id` bigint,
  `time` timestamp,
  `time_ns` bigint,
  `target` string,
  `level` int,
  `msg` string,
  `exception_class` string,
  `exception_message` string,
  `exception_stack` string,
  `properties` map<string,string>,
  `process_properties` map<string,string>
)
PARTITIONED BY (`dt` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${VIEWS_BUCKET}/manifests/log_entries/global/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2025-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://${VIEWS_BUCKET}/manifests/log_entries/global/dt=${dt}/'
);
