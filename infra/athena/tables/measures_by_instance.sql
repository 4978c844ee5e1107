-- On-demand measures of one process or stream (instance = its id): the file listed by that
-- instance's symlink manifest. Queries must say WHERE instance = '<id>' (injected projection).
-- Generated from View (schema version 2) by AthenaDdl: edit View, then make athena-ddl.
CREATE EXTERNAL TABLE IF NOT EXISTS measures_by_instance (
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
  `name` string,
  `unit` string,
  `value` double,
  `properties` map<string,string>,
  `process_properties` map<string,string>
)
PARTITIONED BY (`instance` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${VIEWS_BUCKET}/manifests/measures/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.instance.type' = 'injected',
  'storage.location.template' = 's3://${VIEWS_BUCKET}/manifests/measures/instance=${instance}/'
);
