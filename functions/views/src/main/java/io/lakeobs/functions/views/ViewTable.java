package io.lakeobs.functions.views;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table Athena reads, and how: a global view over its per-day manifests (partition {@code dt},
 * projected by date) or a view's on-demand instances (partition {@code instance}, injected). The
 * one description both the DDL files ({@link AthenaDdl}) and the stack's Glue tables
 * ({@link GlueTemplate}) are written from. Locations hold {@code ${VIEWS_BUCKET}} for the bucket.
 */
public record ViewTable(View view, boolean instances) {
    public static final String BUCKET = "${VIEWS_BUCKET}";
    public static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    public static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat";
    public static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

    /** Every table: a view's global one, then its per-instance one, in {@link View} order. */
    public static List<ViewTable> all() {
        final List<ViewTable> tables = new ArrayList<>();
        for (final View view : View.values()) {
            if (view.global()) {
                tables.add(new ViewTable(view, false));
            }
            if (view.perInstance()) {
                tables.add(new ViewTable(view, true));
            }
        }
        return tables;
    }

    public String name() {
        return instances ? view.tableName() + "_by_instance" : view.tableName();
    }

    public String partitionKey() {
        return instances ? "instance" : "dt";
    }

    /** The manifests' directory the table is located at. */
    public String location() {
        return "s3://" + BUCKET + "/manifests/" + view.tableName() + "/" + (instances ? "" : "global/");
    }

    /** Partition projection: the table's partitions are computed, never added. */
    public Map<String, String> parameters() {
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("projection.enabled", "true");
        if (instances) {
            parameters.put("projection.instance.type", "injected");
            parameters.put("storage.location.template", location() + "instance=${instance}/");
        } else {
            parameters.put("projection.dt.type", "date");
            parameters.put("projection.dt.format", "yyyy-MM-dd");
            parameters.put("projection.dt.range", "2025-01-01,NOW");
            parameters.put("projection.dt.interval", "1");
            parameters.put("projection.dt.interval.unit", "DAYS");
            parameters.put("storage.location.template", location() + "dt=${dt}/");
        }
        return parameters;
    }
}
