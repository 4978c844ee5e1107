package io.lakeobs.local.demo;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.RowFile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * DuckDB over the views' live Parquet files in a local directory ({@code <dir>/<view>/*.parquet}),
 * one SQL view per table, offline (no extension is downloaded). Every view of {@link View} is a
 * table even without files, with its columns and no rows, so that a query naming a view nothing
 * was recorded into (the demo's {@code async_events}) returns nothing instead of failing.
 */
public final class LocalQuery implements AutoCloseable {
    /** The demo's example queries. */
    public static final List<String> EXAMPLES = List.of(
        "SELECT level, target, count(*) AS n FROM log_entries WHERE target LIKE 'demo.%' GROUP BY ALL ORDER BY level, target",
        "SELECT level, msg FROM log_entries WHERE target = 'demo.payments' ORDER BY msg LIMIT 3",
        "SELECT thread_name, count(*) AS logs FROM log_entries WHERE target LIKE 'demo.%' GROUP BY ALL ORDER BY thread_name",
        "SELECT name, unit, count(*) AS n, round(avg(value), 1) AS avg, max(value) AS max FROM measures "
            + "WHERE target LIKE 'demo.%' GROUP BY ALL ORDER BY name",
        "SELECT name, depth, count(*) AS n FROM thread_spans GROUP BY ALL ORDER BY depth, name",
        "SELECT count(*) AS blocks, sum(nb_objects) AS events, sum(payload_size) AS payload_bytes FROM blocks");

    private final Connection connection;
    private final List<String> views = new ArrayList<>();
    /** The empty files of views without files (deleted on close), or null when every view has files. */
    private Path emptyViews;

    public LocalQuery(final Path directory) throws SQLException, IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no views under " + directory + ": run the demo first (make demo)");
        }
        connection = DriverManager.getConnection("jdbc:duckdb:");
        execute("SET autoinstall_known_extensions=false");
        execute("SET autoload_known_extensions=false");
        execute("SET TimeZone='UTC'");
        try (Stream<Path> listing = Files.list(directory)) {
            for (final Path view : listing.sorted().toList()) {
                try (Stream<Path> files = Files.list(view)) {
                    if (files.anyMatch(f -> f.toString().endsWith(".parquet"))) {
                        final String name = view.getFileName().toString();
                        execute("CREATE VIEW " + name + " AS SELECT * FROM read_parquet('"
                            + view.resolve("*.parquet").toString().replace("'", "''") + "', union_by_name = true)");
                        views.add(name);
                    }
                }
            }
        }
        try {
            for (final View view : View.values()) {
                if (!views.contains(view.tableName())) {
                    createEmpty(view);
                }
            }
        } catch (final IOException | SQLException | RuntimeException e) {
            close(); // neither the connection nor the empty files outlive a failed start
            throw e;
        }
    }

    /** A view without files: a table over an empty Parquet file of the view's schema. */
    private void createEmpty(final View view) throws IOException, SQLException {
        if (emptyViews == null) {
            emptyViews = Files.createTempDirectory("lakeobs-empty-views");
        }
        final Path file = emptyViews.resolve(view.tableName() + ".parquet");
        Files.write(file, RowFile.emptyFile(view.schema(), view.columns()));
        execute("CREATE VIEW " + view.tableName() + " AS SELECT * FROM read_parquet('"
            + file.toString().replace("'", "''") + "')");
    }

    /**
     * Refuses {@code pattern} unless DuckDB reads it as a regular expression (RE2 syntax), with an
     * {@link IllegalArgumentException} naming {@code option}; needs no views.
     */
    public static void requireRegex(final String option, final String pattern) throws SQLException {
        try (Connection check = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement statement = check.prepareStatement("SELECT regexp_matches('', ?)")) {
            statement.setString(1, pattern);
            try {
                statement.executeQuery().close();
            } catch (final SQLException e) {
                throw new IllegalArgumentException(option + ": '" + pattern + "' is not a regular expression (RE2 syntax): "
                    + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    public List<String> views() {
        return List.copyOf(views);
    }

    public long count(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A result: column labels, and each row's values as JDBC returns them (at most {@code limit} rows). */
    public record Table(List<String> columns, List<List<Object>> rows) {
    }

    /** Runs {@code sql} with {@code parameters} bound in order; returns at most {@code limit} rows. */
    public Table select(final String sql, final int limit, final Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                final ResultSetMetaData meta = result.getMetaData();
                final List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                final List<List<Object>> rows = new ArrayList<>();
                while (rows.size() < limit && result.next()) {
                    final List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        final Object value = result.getObject(i);
                        row.add(value == null || value instanceof Number || value instanceof Boolean ? value : value.toString());
                    }
                    rows.add(row);
                }
                return new Table(List.copyOf(columns), rows);
            }
        }
    }

    /** Runs {@code sql} and prints a header line and one '|'-separated line per row (at most 50). */
    public void print(final String sql, final PrintStream out) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = result.getMetaData();
            final StringBuilder header = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                header.append(i > 1 ? " | " : "").append(meta.getColumnLabel(i));
            }
            out.println(header);
            int rows = 0;
            while (result.next()) {
                if (++rows > 50) {
                    out.println("... (more rows)");
                    break;
                }
                final StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? " | " : "").append(result.getString(i));
                }
                out.println(row);
            }
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
        if (emptyViews != null) {
            try (Stream<Path> files = Files.list(emptyViews)) {
                for (final Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(emptyViews);
            } catch (final IOException e) {
                throw new UncheckedIOException("could not delete " + emptyViews, e);
            }
        }
    }
}
