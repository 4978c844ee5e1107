package io.lakeobs.benchmarks.crash;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.crash.KillRun;
import io.lakeobs.local.crash.SequenceCensus;
import io.lakeobs.local.crash.ViewCensus;
import io.lakeobs.tracing.CrashRecovery;
import io.lakeobs.uploader.Uploader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Crash loss, outside {@code make test} (its short version is {@code CrashSafeKillTest}): an
 * application ({@link io.lakeobs.local.crash.SequenceChild}) records sequence-numbered events
 * crash-safe at a known rate through the uploader into the embedded stack, and is killed with
 * SIGKILL at a random point (seeded), again and again; each start recovers the run killed
 * before, a last restart the final one. For every run: events whose recording call returned
 * before the kill, against those found in its {@code log_entries} view (derived on demand, read
 * with DuckDB), and in S3 (decoded from the blocks) to tell a recording loss from an ETL one.
 * With {@code --virtual-threads} the application records from virtual threads, into tracing's
 * stripes, and each run also counts the workers whose sequences the views do not attribute to
 * one virtual thread of their own; it needs Java 21+ (the child runs on the harness's java), e.g.
 * {@code -Dexec.executable=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}.
 *
 * <pre>
 * mvn -q -DskipTests install -pl benchmarks -am
 * mvn -q -pl benchmarks exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath io.lakeobs.benchmarks.crash.CrashLossHarness --kills 20 --rate 1000 --seed 20"
 * </pre>
 */
public final class CrashLossHarness {
    private CrashLossHarness() {
    }

    public static void main(final String[] args) throws Exception {
        int kills = 20;
        int rate = 1_000;
        long seed = 20;
        boolean virtualThreads = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(value(args, ++i));
                case "--rate" -> rate = Integer.parseInt(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--virtual-threads" -> virtualThreads = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; options: --kills N --rate EVENTS_PER_S --seed N --virtual-threads");
            }
        }
        if (virtualThreads && Runtime.version().feature() < 21) {
            throw new IllegalArgumentException("--virtual-threads needs Java 21+ (the child runs on this java), this is "
                + System.getProperty("java.version"));
        }
        run(kills, rate, virtualThreads, new Random(seed), System.out);
        System.exit(0);
    }

    private static String value(final String[] args, final int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("option " + args[index - 1] + " needs a value");
        }
        return args[index];
    }

    static void run(final int kills, final int rate, final boolean virtualThreads, final Random random, final PrintStream out)
        throws Exception {
        final Path work = Files.createDirectories(Path.of("target", "crash-loss").toAbsolutePath());
        try (EmbeddedStack stack = EmbeddedStack.builder().workRoot(work).blobStore(EmbeddedStack.BlobStoreKind.FILESYSTEM)
            .notificationPollInterval(Duration.ZERO).lakeobsFunctions(Clock.systemUTC()).start()) {
            final String key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), TableNames.withPrefix(stack.tablePrefix())),
                Clock.systemUTC(), new SecureRandom(), new PrintStream(PrintStream.nullOutputStream())).create(100_000)
                .orElseThrow().value();
            final Path spool = Files.createDirectories(stack.workDirectory().resolve("spool"));
            final List<KillRun> runs = new ArrayList<>();
            for (int i = 0; i < kills; i++) {
                // between 0.2 s and 5 s of events: before and after the uploader's first seal (10 s) never happens,
                // so what survives is the rings' and builders' files, not sealed blocks
                final long killAfter = rate / 5 + random.nextInt(rate * 5);
                runs.add(KillRun.run(stack.ingestUri().toString(), key, spool, rate, killAfter, virtualThreads));
                out.println("run " + i + ": killed after sequence " + runs.get(i).lastSequence());
            }
            final Uploader uploader = Uploader.builder().endpoint(stack.ingestUri()).apiKey(key).spoolDirectory(spool)
                .crashSafe(true).build();
            final CrashRecovery.Report report = uploader.recoverCrashedProcesses();
            uploader.shutdown(Duration.ofSeconds(60));
            out.println("last restart recovered " + report);
            final ViewCensus views = new ViewCensus(stack, work.resolve("census"), Clock.systemUTC());
            final long[] losses = new long[runs.size()];
            long recorded = 0;
            long lost = 0;
            long lostInBlocks = 0;
            long duplicated = 0;
            long misattributed = 0;
            for (int i = 0; i < runs.size(); i++) {
                final SequenceCensus census = views.of(runs.get(i));
                final SequenceCensus blocks = SequenceCensus.of(stack.s3(), stack.rawBucket(), runs.get(i));
                losses[i] = census.lost();
                recorded += runs.get(i).lastSequence() + 1;
                lost += census.lost();
                lostInBlocks += blocks.lost();
                duplicated += census.duplicated();
                out.println("run " + i + ": recorded " + (runs.get(i).lastSequence() + 1) + ", in the views " + census
                    + ", in the blocks " + blocks);
                if (virtualThreads) {
                    final Map<Integer, Set<String>> threads = views.threadsOfWorkers(runs.get(i));
                    final long wrong = threads.values().stream()
                        .filter(t -> t.size() != 1 || !t.iterator().next().startsWith("lakeobs-virtual-threads-")).count();
                    misattributed += wrong;
                    out.println("run " + i + ": workers' threads in the views " + threads + (wrong == 0 ? "" : ", " + wrong
                        + " workers not on one virtual thread of their own"));
                }
            }
            Arrays.sort(losses);
            out.printf("kills %d, rate %d/s%s: recorded before the kills %d, lost in the views %d (in the blocks %d),"
                    + " duplicated %d; loss per kill min %d, median %d, max %d%s%n", runs.size(), rate,
                virtualThreads ? " on virtual threads" : "", recorded, lost, lostInBlocks, duplicated, losses[0],
                losses[losses.length / 2], losses[losses.length - 1],
                virtualThreads ? "; workers misattributed " + misattributed : "");
        }
    }
}
