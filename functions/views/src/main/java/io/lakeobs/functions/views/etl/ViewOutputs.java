package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.ByteArrayOutputFile;
import io.lakeobs.functions.views.parquet.CommittableOutputFile;

/**
 * Where a run writes each view's file: in memory (the caller uploads the finished bytes) or
 * straight to storage as row groups fill, so that memory does not grow with the window.
 */
@FunctionalInterface
public interface ViewOutputs {
    /** In memory: the run returns each file's bytes. */
    ViewOutputs IN_MEMORY = view -> new ByteArrayOutputFile(1 << 20);

    CommittableOutputFile open(View view);
}
