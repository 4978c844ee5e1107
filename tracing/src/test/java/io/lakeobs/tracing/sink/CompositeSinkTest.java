package io.lakeobs.tracing.sink;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompositeSinkTest {
    @Test
    void aThrowingSinkDoesNotStopTheOthers() {
        final InMemorySink first = new InMemorySink();
        final InMemorySink second = new InMemorySink();
        final TelemetrySink failing = new TelemetrySink() {
            @Override public void onProcessStarted(final ProcessInfo process) { }
            @Override public void onStreamCreated(final StreamInfo stream) { }
            @Override public void onBlock(final EncodedBlock block) { }
            @Override public void flush() { throw new IllegalStateException("boom"); }
            @Override public void shutdown(final Duration deadline) { }
        };
        final TelemetrySink composite = TelemetrySink.composite(first, failing, second);
        assertThatThrownBy(composite::flush).hasMessage("boom");
        composite.shutdown(Duration.ZERO);
        assertThat(first.flushCount()).isEqualTo(1);
        assertThat(second.flushCount()).isEqualTo(1);
        assertThat(second.shutdownCount()).isEqualTo(1);
        TelemetrySink.noop().flush();
        assertThat(StreamKind.LOG.priority()).isLessThan(StreamKind.METRICS.priority());
        assertThat(StreamKind.SPANS.tag()).isEqualTo("cpu");
    }
}
