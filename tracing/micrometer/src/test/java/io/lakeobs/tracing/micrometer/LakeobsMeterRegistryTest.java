package io.lakeobs.tracing.micrometer;

import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.testing.SinkEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Micrometer meters published as lakeobs metric events, decoded back from the in-memory sink. */
class LakeobsMeterRegistryTest {
    private final MockClock clock = new MockClock();
    private final LakeobsMeterRegistry registry = new LakeobsMeterRegistry(LakeobsRegistryConfig.DEFAULT, clock);
    private TracingRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void eachStepsValuesArriveAsMetricsWithTheirTagsAsProperties() {
        final InMemorySink sink = install();
        final Counter requests = Counter.builder("http.requests").tag("route", "/orders").register(registry);
        final Timer latency = Timer.builder("http.latency").register(registry);
        final AtomicInteger queue = new AtomicInteger(7);
        Gauge.builder("queue.size", queue, AtomicInteger::get).baseUnit("items").register(registry);

        requests.increment(3);
        latency.record(Duration.ofMillis(5));
        latency.record(Duration.ofMillis(15));
        clock.add(LakeobsRegistryConfig.DEFAULT.step());
        registry.publishNow();
        requests.increment();
        queue.set(2);
        clock.add(LakeobsRegistryConfig.DEFAULT.step());
        registry.publishNow();
        runtime.flush();

        assertThat(SinkEvents.measures(sink)).containsExactlyInAnyOrder(
            "http.requests  3.0 {route=/orders}",
            "http.latency.count  2.0 {}",
            "http.latency.total ms 20.0 {}",
            "http.latency.max ms 15.0 {}",
            "queue.size items 7.0 {}",
            "http.requests  1.0 {route=/orders}",
            "http.latency.count  0.0 {}",
            "http.latency.total ms 0.0 {}",
            "http.latency.max ms 15.0 {}",
            "queue.size items 2.0 {}");
    }

    @Test
    void aGaugeWhoseObjectIsGoneIsSkippedAndNothingIsRecordedWithoutTracing() {
        Gauge.builder("gone", () -> Double.NaN).register(registry);
        Counter.builder("before.install").register(registry).increment();
        clock.add(LakeobsRegistryConfig.DEFAULT.step());
        registry.publishNow(); // not installed: a no-op, no exception

        final InMemorySink sink = install();
        clock.add(LakeobsRegistryConfig.DEFAULT.step());
        registry.publishNow();
        runtime.flush();
        assertThat(SinkEvents.measures(sink)).containsExactly("before.install  0.0 {}");
    }

    @Test
    void closingRecordsThePartialStep() {
        final InMemorySink sink = install();
        Counter.builder("orders").register(registry).increment(5);
        clock.add(Duration.ofSeconds(3)); // mid-step
        registry.close();
        runtime.flush();
        assertThat(SinkEvents.measures(sink)).containsExactly("orders  5.0 {}");
    }

    @Test
    void theStepComesFromTheConfiguration() {
        final LakeobsRegistryConfig config = key -> key.equals("lakeobs.step") ? "PT30S" : null;
        assertThat(config.step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(LakeobsRegistryConfig.DEFAULT.step()).isEqualTo(Duration.ofSeconds(10));
        for (final String bad : List.of("10s", "PT0S", "-PT5S")) {
            final LakeobsRegistryConfig wrong = key -> key.equals("lakeobs.step") ? bad : null;
            assertThatThrownBy(wrong::step).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lakeobs.step must be a positive ISO-8601 duration such as PT10S, not '" + bad + "'");
        }
    }

    private InMemorySink install() {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false).install();
        return sink;
    }
}
