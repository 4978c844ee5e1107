package io.lakeobs.tracing.sink;

import java.time.Duration;

/** Discards everything: what tracing writes to before (or without) an installed sink. */
enum NoopSink implements TelemetrySink {
    INSTANCE;

    @Override
    public void onProcessStarted(final ProcessInfo process) {
    }

    @Override
    public void onStreamCreated(final StreamInfo stream) {
    }

    @Override
    public void onBlock(final EncodedBlock block) {
    }

    @Override
    public void flush() {
    }

    @Override
    public void shutdown(final Duration deadline) {
    }
}
