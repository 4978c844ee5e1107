package io.lakeobs.local.athena;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.Directories;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.demo.Demo;
import io.lakeobs.local.query.LiveViewFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code make athena-check}: proves the Athena DDL and named queries in Athena's own dialect. It
 * runs the demo, registers every generated DDL file in a Trino (the engine of Athena engine
 * version 3) Hive catalog as written, and while the demo's stack still serves the views bucket,
 * reads every table through its symlink manifests and partition projection, and runs every named
 * query, comparing each answer with DuckDB's over the same live files.
 */
@Command(name = "athena-check", mixinStandardHelpOptions = true,
    description = "Runs the Athena DDL and named queries in Trino over the demo's views and compares with DuckDB.")
public final class AthenaCheck implements Callable<Integer> {
    /** The schema the tables are registered in: the stack's Glue database, {@code <prefix>_views}. */
    static final String SCHEMA = "lakeobs_views";
    /** The literals the named queries are written with, replaced by values the demo's views hold. */
    static final String SAMPLE_EXE = "'app.jar'";
    static final String SAMPLE_THREAD = "'main'";
    static final String SAMPLE_MEASURE = "'latency'";
    static final String SAMPLE_INSTANCE = "'00000000-0000-0007-0000-000000000001'";
    private static final Pattern APPROXIMATE = Pattern.compile("^-- approximate: ([\\w, ]+)$", Pattern.MULTILINE);
    private static final Pattern FROM = Pattern.compile("\\bFROM\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    @Option(names = "--repository", required = true, description = "The repository root (DDL and named queries).")
    private Path repository;
    @Option(names = "--trino-home", required = true, description = "The unpacked trino-server-core directory, Hive plugin included.")
    private Path trinoHome;
    @Option(names = "--java-home", required = true, description = "A JDK 24+ for Trino.")
    private Path javaHome;
    @Option(names = "--work", required = true, description = "A directory this check owns (deleted first).")
    private Path work;
    @Option(names = "--iterations", defaultValue = "5000", description = "The demo workload's iterations per thread.")
    private int iterations;

    private final PrintStream out = System.out;
    private final List<EngineComparison.Outcome> outcomes = new ArrayList<>();

    public static void main(final String[] args) {
        System.exit(new CommandLine(new AthenaCheck()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        new Demo(work.resolve("demo"), 4, iterations, new PrintStream(Files.newOutputStream(work.resolve("demo.log"))))
            .run(new Demo.WhileRunning() {
                @Override
                public void viewsWritten(final EmbeddedStack stack, final UUID processId, final Path views,
                                         final Instant viewsNow) throws Exception {
                    check(stack, processId, viewsNow);
                }

                @Override
                public EmbeddedStack.Builder configure(final EmbeddedStack.Builder stack) {
                    return stack.s3IgnoresUnknownHeaders(true);
                }
            });
        out.println();
        int failed = 0;
        for (final EngineComparison.Outcome outcome : outcomes) {
            if (outcome.subject().startsWith("fact")) {
                out.printf("%-6s %s%n", outcome.equal() ? "holds" : "FALSE", outcome.subject());
            } else {
                out.printf("%-6s %-42s Trino %7d rows, DuckDB %7d rows%n", outcome.equal() ? "equal" : "DIFFER",
                    outcome.subject(), outcome.trinoRows(), outcome.duckDbRows());
            }
            outcome.differences().forEach(d -> out.println("         " + d));
            failed += outcome.equal() ? 0 : 1;
        }
        out.println(failed == 0 ? "OK: " + outcomes.size() + " comparisons and facts: Trino and DuckDB agree"
            : "FAILED: " + failed + " of " + outcomes.size() + " comparisons differ or facts are false");
        return failed == 0 ? 0 : 1;
    }

    private void check(final EmbeddedStack stack, final UUID processId, final Instant viewsNow)
        throws Exception {
        final long from = viewsNow.minus(Duration.ofDays(1)).toEpochMilli();
        final Path global = work.resolve("duckdb").resolve("global");
        final Path instance = work.resolve("duckdb").resolve("instance");
        final LiveViewFiles live = new LiveViewFiles(new ViewStore(stack.s3(), stack.viewsBucket()));
        live.global(global, from, viewsNow.toEpochMilli());
        live.instance(instance, processId.toString(), View.instanceViews());
        final List<String> days = Stream.of(from, viewsNow.toEpochMilli())
            .map(ms -> LocalDate.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC).toString()).distinct().toList();
        out.println("starting Trino (about a minute)");
        try (TrinoServer trino = TrinoServer.start(trinoHome, javaHome, work.resolve("trino"),
            Files.createDirectories(work.resolve("metastore")),
            new TrinoServer.S3(stack.s3Endpoint(), EmbeddedStack.ACCESS_KEY, EmbeddedStack.SECRET_KEY));
             Connection duckDb = duckDb()) {
            final TrinoClient client = new TrinoClient(trino.uri(), "hive", SCHEMA);
            final List<HiveTableDdl> tables = registerTables(stack.viewsBucket(), client.version());
            out.println("registered " + tables.size() + " tables as the DDL files write them");
            for (final HiveTableDdl table : tables) {
                final boolean perInstance = table.partitionColumns().get(0).name().equals("instance");
                final String view = perInstance ? table.name().replace("_by_instance", "") : table.name();
                final String where = perInstance ? "instance = '" + processId + "'"
                    : "dt IN ('" + String.join("', '", days) + "')";
                final String sql = "SELECT " + String.join(", ", table.columns().stream().map(c -> "\"" + c.name() + "\"")
                    .toList()) + " FROM " + table.name() + " WHERE " + where;
                final Path files = (perInstance ? instance : global).resolve(view);
                compare("table " + table.name(), () -> EngineComparison.asMultisets("table " + table.name(),
                    EngineComparison.trinoRows(client.execute(sql)), duckDbTable(duckDb, table, files)));
            }
            dialectFacts(client, days);
            final Map<String, String> samples = samples(duckDb, global, processId);
            for (final Path athena : sqlFiles(repository.resolve("infra/athena/queries/athena"))) {
                final Path duck = repository.resolve("infra/athena/queries/duckdb").resolve(athena.getFileName());
                final String athenaSql = substitute(Files.readString(athena), samples, athena);
                // the DuckDB variant of a per-instance query reads that instance's files and names no id
                final String duckSql = substitute(Files.readString(duck), samples, null);
                final Matcher table = FROM.matcher(athenaSql.replaceAll("--[^\n]*", ""));
                if (!table.find()) {
                    throw new IllegalStateException(athena + " reads no table");
                }
                final String name = table.group(1);
                final Path files = name.endsWith("_by_instance") ? instance.resolve(name.replace("_by_instance", ""))
                    : global.resolve(name);
                setFiles(duckDb, files);
                final Set<String> approximate = approximateColumns(athenaSql);
                compare("query " + athena.getFileName(), () -> EngineComparison.inOrder("query " + athena.getFileName(),
                    EngineComparison.trinoRows(client.execute(withoutSemicolon(athenaSql))),
                    EngineComparison.duckDbRows(duckDb, withoutSemicolon(duckSql), EngineComparison::byDuckDbType),
                    approximate));
            }
        }
    }

    /**
     * What docs/views.md says of Athena's dialect, asked of Trino: a missing map key fails
     * {@code properties['k']} but is NULL through {@code element_at}, and timestamps are read at
     * millisecond precision.
     */
    private void dialectFacts(final TrinoClient client, final List<String> days) {
        final String logs = " FROM log_entries WHERE dt IN ('" + String.join("', '", days) + "') LIMIT 1";
        fact("properties['k'] fails on a missing key", () -> {
            try {
                client.execute("SELECT properties['lakeobs-no-such-key']" + logs);
                return "answered";
            } catch (final IllegalStateException e) {
                return e.getMessage().contains("Key not present in map") ? null : e.getMessage();
            }
        });
        fact("element_at(properties, 'k') is NULL on a missing key", () -> {
            final TrinoClient.Result result = client.execute("SELECT element_at(properties, 'lakeobs-no-such-key')" + logs);
            return result.rows().size() == 1 && result.rows().get(0).get(0).isNull() ? null : "answered " + result.rows();
        });
        fact("Hive timestamps read as timestamp(3)", () -> {
            final String type = client.execute("SELECT typeof(time)" + logs).rows().get(0).get(0).asText();
            return type.equals("timestamp(3)") ? null : "read as " + type;
        });
    }

    /** {@code check} returns null when the fact holds, else what Trino did instead. */
    private void fact(final String subject, final Comparison.Fact check) {
        compare("fact  " + subject, () -> {
            final String instead = check.instead();
            return new EngineComparison.Outcome("fact  " + subject, 0, 0, instead == null,
                instead == null ? List.of() : List.of(instead));
        });
    }

    /** A comparison that could not run (a query Trino or DuckDB refuses) is a failed one, with its reason. */
    private void compare(final String subject, final Comparison comparison) {
        try {
            outcomes.add(comparison.run());
        } catch (final Exception e) {
            outcomes.add(new EngineComparison.Outcome(subject, 0, 0, false, List.of(String.valueOf(e.getMessage()))));
        }
    }

    @FunctionalInterface
    private interface Comparison {
        EngineComparison.Outcome run() throws Exception;

        @FunctionalInterface
        interface Fact {
            String instead() throws Exception;
        }
    }

    private List<HiveTableDdl> registerTables(final String bucket, final String trinoVersion) throws IOException {
        final TrinoFileMetastore metastore = new TrinoFileMetastore(Files.createDirectories(work.resolve("metastore")),
            trinoVersion);
        metastore.createSchema(SCHEMA);
        final List<HiveTableDdl> tables = new ArrayList<>();
        for (final Path ddl : sqlFiles(repository.resolve("infra/athena/tables"))) {
            final HiveTableDdl table = HiveTableDdl.parse(Files.readString(ddl), bucket);
            metastore.register(SCHEMA, table);
            tables.add(table);
        }
        return tables;
    }

    /** The table's rows in DuckDB, each column read as its Hive type says. */
    /** The columns a named query declares approximate, in a comment line {@code -- approximate: a, b}. */
    static Set<String> approximateColumns(final String sql) {
        final Matcher declared = APPROXIMATE.matcher(sql);
        return declared.find() ? Set.of(declared.group(1).trim().split("\\s*,\\s*")) : Set.of();
    }

    private static EngineComparison.Rows duckDbTable(final Connection duckDb, final HiveTableDdl table, final Path files)
        throws SQLException, IOException {
        final List<String> expressions = new ArrayList<>();
        final List<EngineComparison.ColumnReader> readers = new ArrayList<>();
        for (final HiveTableDdl.Column column : table.columns()) {
            final String name = "\"" + column.name() + "\"";
            if (column.type().equals("timestamp")) {
                expressions.add("epoch_us(" + name + ")");
                readers.add((rs, i) -> CanonicalValues.duckDbTimestamp(rs.getObject(i)));
            } else if (column.type().startsWith("map<") || column.type().startsWith("array<")) {
                expressions.add("to_json(" + name + ")::VARCHAR");
                readers.add((rs, i) -> CanonicalValues.duckDbJson(rs.getString(i)));
            } else if (column.type().equals("double")) {
                expressions.add(name);
                readers.add((rs, i) -> CanonicalValues.duckDbDouble(rs.getObject(i)));
            } else {
                expressions.add(name);
                readers.add((rs, i) -> CanonicalValues.duckDbOther(rs.getObject(i)));
            }
        }
        if (!setFiles(duckDb, files)) {
            return new EngineComparison.Rows(table.columns().stream().map(HiveTableDdl.Column::name).toList(), List.of());
        }
        return EngineComparison.duckDbRows(duckDb, "SELECT " + String.join(", ", expressions)
            + " FROM read_parquet(getvariable('files'), union_by_name = true)", meta -> (rs, i) -> readers.get(i - 1).text(rs, i));
    }

    /** Sets DuckDB's {@code files} variable to the Parquet files under {@code directory}; false when there are none. */
    private static boolean setFiles(final Connection duckDb, final Path directory) throws SQLException, IOException {
        final List<String> files = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> listing = Files.list(directory)) {
                listing.filter(f -> f.toString().endsWith(".parquet")).sorted()
                    .forEach(f -> files.add("'" + f.toString().replace("'", "''") + "'"));
            }
        }
        try (Statement statement = duckDb.createStatement()) {
            statement.execute("SET VARIABLE files = [" + String.join(", ", files) + "]::VARCHAR[]");
        }
        return !files.isEmpty();
    }

    /** Values the demo's views hold for the named queries' sample literals. */
    private static Map<String, String> samples(final Connection duckDb, final Path global, final UUID processId)
        throws SQLException, IOException {
        final Map<String, String> samples = new LinkedHashMap<>();
        setFiles(duckDb, global.resolve("log_entries"));
        final String exe = single(duckDb, "SELECT exe FROM read_parquet(getvariable('files')) WHERE level >= 5 "
            + "GROUP BY exe ORDER BY count(*) DESC, exe LIMIT 1");
        samples.put(SAMPLE_EXE, quoted(exe));
        samples.put(SAMPLE_THREAD, quoted(single(duckDb, "SELECT thread_name FROM read_parquet(getvariable('files')) "
            + "WHERE exe = " + quoted(exe) + " AND thread_name <> '' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")));
        setFiles(duckDb, global.resolve("measures"));
        samples.put(SAMPLE_MEASURE, quoted(single(duckDb, "SELECT name FROM read_parquet(getvariable('files')) "
            + "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")));
        samples.put(SAMPLE_INSTANCE, quoted(processId.toString()));
        return samples;
    }

    private static String substitute(final String sql, final Map<String, String> samples, final Path file) {
        String result = sql;
        for (final Map.Entry<String, String> sample : samples.entrySet()) {
            result = result.replace(sample.getKey(), sample.getValue());
        }
        if (file != null && result.equals(sql)) {
            throw new IllegalStateException(file + " uses none of the sample literals " + samples.keySet());
        }
        return result;
    }

    private static String single(final Connection duckDb, final String sql) throws SQLException {
        try (Statement statement = duckDb.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("the demo's views hold no sample for: " + sql);
            }
            return rs.getString(1);
        }
    }

    private static String quoted(final String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String withoutSemicolon(final String sql) {
        final String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static List<Path> sqlFiles(final Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
    }

    private static Connection duckDb() throws SQLException {
        final Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            statement.execute("SET autoload_known_extensions=false");
            statement.execute("SET TimeZone='UTC'");
        }
        return connection;
    }
}
