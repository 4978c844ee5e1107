package io.lakeobs.benchmarks.tracing;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The issue-23 comparison: the same SLF4J {@code info} with two String arguments as
 * {@link Slf4jBenchmark#infoTwoStrings} (the lakeobs provider), here through Logback and through
 * Log4j2 (its SLF4J binding), each alone (a file appender to /dev/null, synchronous and
 * asynchronous) and with the lakeobs appender (alone, and beside the file appender as an
 * application adds it). SLF4J binds one backend per JVM, so each backend's benchmarks run in
 * forks that name it ({@code slf4j.provider}) with its configuration file; the rows still come
 * from one JMH invocation. Setup fails if SLF4J bound to anything else.
 */
public final class AppendersBenchmark {
    static final String ORDER = Slf4jBenchmark.ORDER;
    static final String USER = Slf4jBenchmark.USER;

    private AppendersBenchmark() {
    }

    /** The four loggers of a backend's configuration, checked to be that backend's. */
    abstract static class Loggers {
        final Logger lakeobs = LoggerFactory.getLogger("bench.lakeobs");
        final Logger file = LoggerFactory.getLogger("bench.file");
        final Logger async = LoggerFactory.getLogger("bench.async");
        final Logger fileAndLakeobs = LoggerFactory.getLogger("bench.fileAndLakeobs");

        void check(final String packagePrefix) {
            if (!lakeobs.getClass().getName().startsWith(packagePrefix)) {
                throw new IllegalStateException("SLF4J bound to " + lakeobs.getClass().getName() + ", not " + packagePrefix);
            }
            if (!lakeobs.isInfoEnabled() || lakeobs.isDebugEnabled()) {
                throw new IllegalStateException("the benchmark configuration was not loaded");
            }
        }
    }

    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
        "-Dlogback.configurationFile=io/lakeobs/benchmarks/tracing/logback-appenders-bench.xml"})
    @Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
    @Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
    public static class Logback extends Loggers {
        @Setup
        public void checkBinding() {
            check("ch.qos.logback.");
            if (((ch.qos.logback.classic.Logger) lakeobs).getAppender("LAKEOBS") == null) {
                throw new IllegalStateException("no lakeobs appender on bench.lakeobs");
            }
        }

        @Benchmark
        public void lakeobsAppender(final TracingState tracing, final Drops drops) {
            lakeobs.info("order {} paid by {}", ORDER, USER);
            drops.afterEvent();
        }

        @Benchmark
        public void fileAndLakeobsAppenders(final TracingState tracing, final Drops drops) {
            fileAndLakeobs.info("order {} paid by {}", ORDER, USER);
            drops.afterEvent();
        }

        @Benchmark
        public void fileAlone() {
            file.info("order {} paid by {}", ORDER, USER);
        }

        @Benchmark
        public void asyncFileAlone() {
            async.info("order {} paid by {}", ORDER, USER);
        }
    }

    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider",
        "-Dlog4j2.configurationFile=io/lakeobs/benchmarks/tracing/log4j2-appenders-bench.xml"})
    @Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
    @Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
    public static class Log4j2 extends Loggers {
        @Setup
        public void checkBinding() {
            check("org.apache.logging.slf4j.");
            final org.apache.logging.log4j.core.LoggerContext context =
                (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            if (context.getConfiguration().getAppender("LAKEOBS") == null) {
                throw new IllegalStateException("no Lakeobs appender in the Log4j2 configuration");
            }
        }

        @Benchmark
        public void lakeobsAppender(final TracingState tracing, final Drops drops) {
            lakeobs.info("order {} paid by {}", ORDER, USER);
            drops.afterEvent();
        }

        @Benchmark
        public void fileAndLakeobsAppenders(final TracingState tracing, final Drops drops) {
            fileAndLakeobs.info("order {} paid by {}", ORDER, USER);
            drops.afterEvent();
        }

        @Benchmark
        public void fileAlone() {
            file.info("order {} paid by {}", ORDER, USER);
        }

        @Benchmark
        public void asyncLoggerFileAlone() {
            async.info("order {} paid by {}", ORDER, USER);
        }
    }
}
