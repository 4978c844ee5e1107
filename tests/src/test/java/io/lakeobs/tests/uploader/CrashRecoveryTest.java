package io.lakeobs.tests.uploader;

import io.lakeobs.local.demo.BlockCensus;
import io.lakeobs.tests.uploader.FaultProxy.Fault;
import io.lakeobs.tests.uploader.FaultProxy.Policy;
import io.lakeobs.uploader.SettableClock;
import io.lakeobs.uploader.Uploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM records events with the spool on while the backend is down, and is killed: with
 * SIGTERM (tracing's shutdown hook seals and spools everything) or with kill -9 (what a flush
 * made durable survives; the unsealed rest is lost, bounded by one flush period). A new
 * uploader on the same spool then delivers what survived, exactly once.
 */
class CrashRecoveryTest {
    private static final int FLUSHED_ITERATIONS = 3_000;
    private static final int UNFLUSHED_ITERATIONS = 1_000;
    private static UploaderStack stack;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(Path.of("target", "uploader-crash-test")).toAbsolutePath();
        stack = new UploaderStack(root);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void sigtermLosesNothing() throws Exception {
        final Path spool = Files.createDirectories(root.resolve("sigterm-" + UUID.randomUUID()));
        final Map<String, String> child = runChildAndKill(spool, false);
        final UUID process = UUID.fromString(child.get("PROCESS"));
        final long recorded = Long.parseLong(child.get("FLUSHED")) + Long.parseLong(child.get("RECORDED"));

        assertThat(recover(spool)).isPositive();
        final BlockCensus census = stack.census(process);
        assertThat(census.workloadEvents()).isEqualTo(recorded);
        stack.assertIndexedOnce(process, census);
    }

    @Test
    void killDashNineLosesNothingThatWasFlushedAndAtMostTheUnsealedRest() throws Exception {
        final Path spool = Files.createDirectories(root.resolve("kill9-" + UUID.randomUUID()));
        final Map<String, String> child = runChildAndKill(spool, true);
        final UUID process = UUID.fromString(child.get("PROCESS"));
        final long flushed = Long.parseLong(child.get("FLUSHED"));
        final long unflushed = Long.parseLong(child.get("RECORDED"));

        assertThat(recover(spool)).isPositive();
        final BlockCensus census = stack.census(process);
        assertThat(census.workloadEvents()).isBetween(flushed, flushed + unflushed);
        stack.assertIndexedOnce(process, census);
    }

    /** Starts the child against the backend in outage, waits until it recorded everything, kills it. */
    private static Map<String, String> runChildAndKill(final Path spool, final boolean hard) throws Exception {
        stack.ingestProxy.policy(Policy.always(Fault.REFUSE));
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), stack.endpoint().toString(), stack.apiKey, spool.toString(),
            Integer.toString(FLUSHED_ITERATIONS), Integer.toString(UNFLUSHED_ITERATIONS))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (final java.io.IOException e) {
                // the child died
            }
        });
        reader.setDaemon(true);
        reader.start();
        final Map<String, String> values = new HashMap<>();
        try {
            while (!values.containsKey("RECORDED")) {
                final String line = lines.poll(120, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("the child said nothing for 120 s; got " + values);
                }
                final int space = line.indexOf(' ');
                values.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
            }
            assertThat(values).doesNotContainKey("FLUSH");
        } finally {
            if (hard) {
                process.destroyForcibly(); // SIGKILL
            } else {
                process.destroy(); // SIGTERM: shutdown hooks run
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
            stack.ingestProxy.policy(Policy.pass());
        }
        return values;
    }

    /** A new uploader on the dead child's spool sends everything it finds; returns the blocks recovered. */
    private static long recover(final Path spool) {
        final SettableClock clock = new SettableClock(Instant.now());
        final Uploader uploader = Uploader.builder().endpoint(stack.endpoint()).apiKey(stack.apiKey).manual().clock(clock)
            .random(new Random(3)).spoolDirectory(spool).build();
        for (int round = 0; round < 20 && (round == 0 || uploader.stats().pendingBlocks() > 0); round++) {
            uploader.runUntilIdle();
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(uploader.stats().pendingBlocks()).isZero();
        assertThat(uploader.stats().blocksDropped()).isZero();
        final long recovered = uploader.stats().recoveredBlocks();
        uploader.shutdown(Duration.ofSeconds(1));
        return recovered;
    }
}
