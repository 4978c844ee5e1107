package io.lakeobs.tracing.sink;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Several sinks behind one, so e.g. the uploader and a local file both see every block. */
final class CompositeSink implements TelemetrySink {
    private final List<TelemetrySink> sinks;

    CompositeSink(final List<TelemetrySink> sinks) {
        this.sinks = sinks;
    }

    @Override
    public void onProcessStarted(final ProcessInfo process) {
        each(sink -> sink.onProcessStarted(process));
    }

    @Override
    public void onStreamCreated(final StreamInfo stream) {
        each(sink -> sink.onStreamCreated(stream));
    }

    @Override
    public void onBlock(final EncodedBlock block) {
        each(sink -> sink.onBlock(block));
    }

    @Override
    public void onEventsDropped(final StreamKind kind, final long events) {
        each(sink -> sink.onEventsDropped(kind, events));
    }

    @Override
    public void flush() {
        each(TelemetrySink::flush);
    }

    @Override
    public void shutdown(final Duration deadline) {
        each(sink -> sink.shutdown(deadline));
    }

    private void each(final Consumer<TelemetrySink> call) {
        RuntimeException first = null;
        for (final TelemetrySink sink : sinks) {
            try {
                call.accept(sink);
            } catch (final RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
