package io.lakeobs.benchmarks.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.util.Unbox;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * What tracing is compared with, measured in the same run and with the same settings as
 * {@link RecordingBenchmark}: the clock alone, a JFR event commit, an OpenTelemetry SDK span
 * (batch processor, no-op exporter) and a Log4j2 all-async, garbage-free log (configuration:
 * {@code log4j2-bench.xml} next to this class, output to /dev/null).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class PeersBenchmark {

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public void jfrCommit(final Jfr jfr) {
        final BenchEvent event = new BenchEvent();
        event.value = jfr.counter++;
        event.commit();
    }

    @Benchmark
    public void openTelemetrySpan(final OpenTelemetry otel) {
        otel.tracer.spanBuilder("work").startSpan().end();
    }

    @Benchmark
    public void log4j2AsyncTwoLongs(final Log4j2 log4j) {
        final long value = log4j.counter++;
        log4j.logger.info("took {} ms for {}", Unbox.box(value), Unbox.box(value + 1));
    }

    /** A JFR event like a tracing metric: one long value, plus JFR's own time and thread fields. */
    @Name("io.lakeobs.bench.Event")
    @Label("Bench event")
    static class BenchEvent extends jdk.jfr.Event {
        @Label("value")
        long value;
    }

    /** A JFR recording with only the benchmark's event enabled, without stack traces. */
    @State(Scope.Thread)
    public static class Jfr {
        Recording recording;
        long counter;

        @Setup(Level.Trial)
        public void start() {
            recording = new Recording();
            recording.enable(BenchEvent.class).withoutStackTrace(); // tracing events carry no stack either
            recording.setMaxSize(64L * 1024 * 1024);
            recording.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            recording.stop();
            recording.close();
        }
    }

    /** The OpenTelemetry SDK as an application would set it up, exporting nowhere. */
    @State(Scope.Benchmark)
    public static class OpenTelemetry {
        SdkTracerProvider provider;
        Tracer tracer;

        @Setup(Level.Trial)
        public void start() {
            provider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(new NoopExporter()).setMaxQueueSize(65_536).build())
                .build();
            tracer = provider.get("bench");
        }

        @TearDown(Level.Trial)
        public void stop() {
            provider.close();
        }
    }

    /** Discards spans. */
    static final class NoopExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(final Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /**
     * Log4j2 with every logger asynchronous (the LMAX disruptor) and garbage-free settings; the
     * properties must be set before Log4j2 starts, hence the static block.
     */
    @State(Scope.Thread)
    public static class Log4j2 {
        static {
            System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
            System.setProperty("log4j2.enableThreadlocals", "true");
            System.setProperty("log4j2.enableDirectEncoders", "true");
            System.setProperty("log4j2.garbagefreeThreadContextMap", "true");
            System.setProperty("log4j2.configurationFile", "io/lakeobs/benchmarks/tracing/log4j2-bench.xml");
        }

        Logger logger;
        long counter;

        @Setup(Level.Trial)
        public void start() {
            logger = LogManager.getLogger("bench.Orders");
            if (!logger.isInfoEnabled()) {
                throw new IllegalStateException("log4j2-bench.xml was not loaded");
            }
            if (!(LogManager.getContext(false) instanceof org.apache.logging.log4j.core.async.AsyncLoggerContext)) {
                throw new IllegalStateException("Log4j2 loggers are not all-async: " + LogManager.getContext(false));
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            LogManager.shutdown();
        }
    }
}
