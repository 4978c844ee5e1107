package io.lakeobs.benchmarks.views;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewPublisher;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.etl.ViewOutputs;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.local.EmbeddedStack;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap of one views window against its size: a log_entries window of N rows derived and
 * published as the scheduled job does (ETL, file to S3, partition item, manifest) on the embedded
 * stack (S3Proxy on a filesystem store, so stored files are not on the heap; DynamoDB Local), in
 * a child JVM with {@code -Xmx512m} per case. Two peaks: the live set, sampled by a full
 * collection every 500 000 rows (what the run really holds), and the largest heap in use right
 * after any collection (GC notifications: it includes old-generation garbage young collections
 * leave, so it grows with the run's length up to G1's marking threshold, whatever the run holds). Blocks are encoded when fetched (a pure function of their index), so the harness
 * holds no window of its own. Modes: {@code streamed} (the scheduled path: multipart upload as
 * row groups fill) and {@code memory} (the whole file in memory, uploaded at the end: the path
 * before streaming).
 *
 * <p>Usage: {@code ViewsHeapBench [work dir] [rows ...]} runs every case (by default 1 M, 5 M, 20 M
 * rows; streamed with the default row groups and with 64 MiB ones, in memory with 64 MiB), each in its own JVM; {@code ViewsHeapBench child <rows>
 * <mode> <rowGroupMiB> <work dir>} runs one.
 */
public final class ViewsHeapBench {
    private static final long MINUTE_BEGIN = BenchBlocks.INSERT_MILLIS / 60_000 * 60_000;
    /** Blocks between two samples of the live set (50 blocks of 10 000 events). */
    private static final int SAMPLE_BLOCKS = 50;

    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            System.exit(0); // the embedded stack leaves a non-daemon executor thread behind
        }
        final Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "benchmarks/target/views-heap"));
        System.out.printf(Locale.ROOT, "views heap benchmark: one log_entries window per JVM, -Xmx512m, JDK %s, %d CPUs%n",
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("rows | mode | row group | peak live heap (full GC every 500 000 rows) | peak heap after any GC"
            + " | heap after start | file | wall");
        final int[] sizes = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1_000_000, 5_000_000, 20_000_000};
        final String defaultMib = Long.toString(ParquetSettings.DEFAULT.rowGroupBytes() >> 20);
        for (final String[] c : new String[][] {{"streamed", defaultMib}, {"streamed", "64"}, {"memory", "64"}}) {
            for (final int rows : sizes) {
                runChild(rows, c[0], Integer.parseInt(c[1]), work);
            }
        }
    }

    private static void runChild(final int rows, final String mode, final int rowGroupMib, final Path work) throws Exception {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-cp", System.getProperty("java.class.path"), ViewsHeapBench.class.getName(), "child",
            Integer.toString(rows), mode, Integer.toString(rowGroupMib), work.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        final List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                }
            }
        }
        final int exit = process.waitFor();
        if (result != null) {
            System.out.println(result);
        } else {
            final String cause = output.stream().filter(l -> l.contains("OutOfMemoryError")).findFirst()
                .orElse(output.stream().filter(l -> l.contains("Exception")).findFirst()
                    .orElse(output.isEmpty() ? "no output" : output.get(output.size() - 1)));
            System.out.printf(Locale.ROOT, "%,d | %s | %d MiB | failed (exit %d): %s%n", rows, mode, rowGroupMib, exit, cause);
        }
    }

    private static void child(final int rows, final String mode, final int rowGroupMib, final Path work) throws Exception {
        final AtomicLong peak = new AtomicLong();
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    final GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (final MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                        used += usage.getUsed();
                    }
                    // non-heap pools (metaspace, code cache) are in the map too: take heap pools only
                    used -= nonHeap(info.getGcInfo().getMemoryUsageAfterGc());
                    peak.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        try (EmbeddedStack stack = EmbeddedStack.builder().workRoot(Files.createDirectories(work))
            .blobStore(EmbeddedStack.BlobStoreKind.FILESYSTEM).start()) {
            final ViewPublisher publisher = new ViewPublisher(
                new PartitionCatalog(stack.dynamoDb(), stack.functionConfig().tables().partitions()),
                new ViewStore(stack.s3(), stack.viewsBucket()));
            final BenchBlocks generator = new BenchBlocks(BenchBlocks.process(new UUID(1, 1)), new UUID(2, 1), true);
            final List<SourceBlock> sources = new ArrayList<>();
            for (int index = 0; index * (long) BenchBlocks.EVENTS_PER_BLOCK < rows; index++) {
                sources.add(generator.source(generator.encode(index)));
            }
            System.gc();
            final long baseline = heapUsed();
            peak.set(baseline);
            final ViewEtl etl = new ViewEtl(ParquetSettings.DEFAULT.withRowGroupBytes((long) rowGroupMib << 20));
            final String hash = ViewPublisher.sourceHash(sources);
            final long start = System.nanoTime();
            final ViewOutputs outputs = mode.equals("streamed")
                ? publisher.outputs(ViewLayout.GLOBAL, MINUTE_BEGIN, MINUTE_BEGIN + 60_000, hash) : ViewOutputs.IN_MEMORY;
            final AtomicLong live = new AtomicLong(baseline);
            final EtlOutput output = etl.run(sources, EnumSet.of(View.LOG_ENTRIES), block -> {
                final int index = (int) (block.objectOffset() / BenchBlocks.EVENTS_PER_BLOCK);
                if (index % SAMPLE_BLOCKS == SAMPLE_BLOCKS - 1) { // the live set: a full collection every 500 000 rows
                    System.gc();
                    live.accumulateAndGet(heapUsed(), Math::max);
                }
                return generator.encode(index);
            }, outputs);
            publisher.publish(View.LOG_ENTRIES.tableName(), ViewLayout.GLOBAL, MINUTE_BEGIN, MINUTE_BEGIN + 60_000,
                output.view(View.LOG_ENTRIES), hash, sources.size(), List.of(MINUTE_BEGIN), System.currentTimeMillis());
            final List<String> listed = publisher.refresh(View.LOG_ENTRIES.tableName(), ViewLayout.GLOBAL, MINUTE_BEGIN,
                System.currentTimeMillis());
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (output.view(View.LOG_ENTRIES).rows() != rows || listed.size() != 1) {
                throw new IllegalStateException("expected " + rows + " rows in one listed file, got "
                    + output.view(View.LOG_ENTRIES).rows() + " rows, " + listed);
            }
            System.out.printf(Locale.ROOT, "RESULT %,d | %s | %d MiB | %.1f MiB | %.1f MiB | %.1f MiB | %.1f MiB | %.1f s%n", rows,
                mode, rowGroupMib, live.get() / 1048576.0, peak.get() / 1048576.0, baseline / 1048576.0,
                output.view(View.LOG_ENTRIES).size() / 1048576.0, seconds);
        }
    }

    private static long nonHeap(final java.util.Map<String, MemoryUsage> pools) {
        long used = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP && pools.containsKey(pool.getName())) {
                used += pools.get(pool.getName()).getUsed();
            }
        }
        return used;
    }

    private static long heapUsed() {
        long used = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private ViewsHeapBench() {
    }
}
