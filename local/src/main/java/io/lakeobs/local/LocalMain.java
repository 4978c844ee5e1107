package io.lakeobs.local;

import io.lakeobs.functions.views.View;
import io.lakeobs.local.demo.Demo;
import io.lakeobs.local.demo.LocalQuery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The local commands behind {@code make demo} and {@code make query}.
 *
 * <pre>
 * LocalMain demo [--threads N] [--iterations N]   the whole pipeline; keeps the views under the data directory
 * LocalMain query 'SQL'                           SQL over the views the last demo left (DuckDB)
 * </pre>
 * The data directory is {@code local/target/lakeobs-demo} when run from the repository root
 * (as make does), else {@code target/lakeobs-demo}; {@code LAKEOBS_DEMO_DIR} overrides it. The
 * stack's own files live in a temporary directory inside it, deleted when the demo ends; only
 * the copied views stay, for {@code query}, until {@code make clean}.
 */
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(final String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(final String... args) throws Exception {
        if (args.length == 0) {
            return usage();
        }
        final Path data = dataDirectory();
        switch (args[0]) {
            case "demo" -> {
                int threads = 4;
                int iterations = 25_000;
                if (args.length % 2 == 0) {
                    return usage();
                }
                try {
                    for (int i = 1; i + 1 < args.length; i += 2) {
                        switch (args[i]) {
                            case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                            case "--iterations" -> iterations = Integer.parseInt(args[i + 1]);
                            default -> {
                                return usage();
                            }
                        }
                    }
                } catch (final NumberFormatException e) {
                    System.err.println("not a number: " + e.getMessage());
                    return usage();
                }
                final Demo.Report report = new Demo(data, threads, iterations, System.out).run();
                final boolean consistent = report.consistent();
                System.out.println();
                System.out.println((consistent ? "OK" : "MISMATCH") + ": " + report.summary());
                System.out.println("try: make query SQL=\"SELECT target, count(*) FROM log_entries GROUP BY ALL\"");
                return consistent ? 0 : 1;
            }
            case "query" -> {
                if (args.length != 2 || args[1].isBlank()) {
                    return usage();
                }
                try (LocalQuery query = new LocalQuery(data.resolve("views"))) {
                    System.out.println("views: " + query.views());
                    query.print(args[1], System.out);
                } catch (final IllegalStateException | java.sql.SQLException e) {
                    System.err.println("query failed: " + e.getMessage());
                    return 1;
                }
                return 0;
            }
            default -> {
                return usage();
            }
        }
    }

    static Path dataDirectory() {
        final String configured = System.getenv("LAKEOBS_DEMO_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Files.exists(Path.of("local", "pom.xml")) ? Path.of("local", "target", "lakeobs-demo").toAbsolutePath()
            : Path.of("target", "lakeobs-demo").toAbsolutePath();
    }

    private static int usage() {
        System.err.println("usage: LocalMain demo [--threads N] [--iterations N]   run the pipeline, keep its views under "
            + dataDirectory());
        System.err.println("       LocalMain query 'SQL'                           query the views of the last demo "
            + "(tables: " + Arrays.stream(View.values()).map(View::tableName).collect(Collectors.joining(", ")) + ")");
        return 2;
    }
}
