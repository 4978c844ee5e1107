package io.lakeobs.tests.uploader;

import io.lakeobs.local.crash.KillRun;
import io.lakeobs.local.crash.ViewCensus;
import io.lakeobs.local.crash.VirtualWorkers;
import io.lakeobs.tracing.CrashRecovery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link CrashSafeKillTest} with the application recording from virtual threads, into tracing's
 * stripes (Java 21+: the build runs it on Temurin 25 where installed, the child on the same JVM):
 * killed twice with SIGKILL, nothing recorded is lost or doubled, and the views still attribute
 * each of the {@value VirtualWorkers#WORKERS} virtual threads' sequences to that thread alone.
 */
class CrashSafeKillOnVirtualThreadsTest {
    private static UploaderStack stack;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+, this JVM is "
            + System.getProperty("java.version") + ": skipped (the build runs this test on Temurin 25 where installed)");
        root = Files.createDirectories(Path.of("target", "crash-safe-kill-virtual-test")).toAbsolutePath();
        stack = new UploaderStack(root);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoKillsOfVirtualThreadsLoseNothingAndKeepEachEventOnItsThread() throws Exception {
        final Path spool = Files.createDirectories(root.resolve("spool-" + UUID.randomUUID()));
        final List<KillRun> runs = List.of(
            KillRun.run(stack.endpoint().toString(), stack.apiKey, spool, 2_000, 300, true),
            KillRun.run(stack.endpoint().toString(), stack.apiKey, spool, 2_000, 500, true));
        final CrashRecovery.Report last = CrashSafeKillTest.restart(stack, spool);
        assertThat(last.processes()).as("the last restart finds the second run").isEqualTo(1);
        assertThat(last.events()).isPositive();
        final ViewCensus views = new ViewCensus(stack.stack, root.resolve("census"), Clock.systemUTC());
        for (final KillRun run : runs) {
            CrashSafeKillTest.assertNothingLost(stack, views, run);
            final Map<Integer, Set<String>> threads = views.threadsOfWorkers(run);
            assertThat(threads).as("every worker recorded (300 sequences are 30 turns)").hasSize(VirtualWorkers.WORKERS);
            final Set<String> distinct = new HashSet<>();
            threads.forEach((worker, names) -> {
                assertThat(names).as("worker " + worker + "'s sequences on one thread, of a stripe").singleElement()
                    .asString().startsWith("lakeobs-virtual-threads-").doesNotEndWith(" -1").doesNotEndWith(" null");
                distinct.add(names.iterator().next().replaceFirst("^\\S+ ", ""));
            });
            assertThat(distinct).as("each worker its own virtual thread id").hasSize(VirtualWorkers.WORKERS);
        }
    }
}
