package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;

/** One view's output of a run: the finished Parquet file (null when it has no rows) and its row count. */
public record ViewData(View view, byte[] bytes, long rows) {
    public long size() {
        return bytes == null ? 0 : bytes.length;
    }
}
