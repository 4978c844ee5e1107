package io.lakeobs.local.athena;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The same question put to Trino and to DuckDB, answered as canonical rows ({@link CanonicalValues})
 * and compared: as multisets for a table's rows, in order for a query with ORDER BY. Columns a
 * query declares approximate (Trino's {@code approx_percentile} against DuckDB's exact
 * {@code quantile_cont}) agree when within {@link #APPROXIMATE_TOLERANCE} of each other, relatively.
 */
final class EngineComparison {
    /** approx_percentile's documented accuracy is a rank error of about 1 %. */
    static final double APPROXIMATE_TOLERANCE = 0.01;

    /** One comparison's outcome, with the first differences when the answers differ. */
    record Outcome(String subject, int trinoRows, int duckDbRows, boolean equal, List<String> differences) {
    }

    /** Column names and rows of canonical cells. */
    record Rows(List<String> names, List<List<String>> cells) {
    }

    /** Reads one column of the current row as canonical text. */
    @FunctionalInterface
    interface ColumnReader {
        String text(ResultSet rs, int column) throws SQLException;
    }

    private EngineComparison() {
    }

    static Rows trinoRows(final TrinoClient.Result result) {
        final List<List<String>> rows = new ArrayList<>(result.rows().size());
        for (final var row : result.rows()) {
            final List<String> cells = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                cells.add(CanonicalValues.trino(row.get(i), result.types().get(i)));
            }
            rows.add(cells);
        }
        return new Rows(result.names(), rows);
    }

    /** DuckDB's answer; {@code readers} gives, from the result's metadata, how to read each column. */
    static Rows duckDbRows(final Connection duckDb, final String sql, final Function<ResultSetMetaData, ColumnReader> readers)
        throws SQLException {
        final List<List<String>> rows = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        try (Statement statement = duckDb.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i));
            }
            final ColumnReader reader = readers.apply(meta);
            while (rs.next()) {
                final List<String> cells = new ArrayList<>(names.size());
                for (int i = 1; i <= names.size(); i++) {
                    cells.add(reader.text(rs, i));
                }
                rows.add(cells);
            }
        }
        return new Rows(names, rows);
    }

    /** By the type DuckDB reports: timestamps, doubles, and everything else as text. */
    static ColumnReader byDuckDbType(final ResultSetMetaData meta) {
        return (rs, column) -> {
            final String type = meta.getColumnTypeName(column).toUpperCase(Locale.ROOT);
            if (type.startsWith("TIMESTAMP")) {
                return CanonicalValues.duckDbTimestamp(rs.getObject(column));
            }
            if (type.equals("DOUBLE") || type.equals("FLOAT")) {
                return CanonicalValues.duckDbDouble(rs.getObject(column));
            }
            return CanonicalValues.duckDbOther(rs.getObject(column));
        };
    }

    static Outcome asMultisets(final String subject, final Rows trino, final Rows duckDb) {
        final List<String> onlyTrino = joined(trino);
        final List<String> onlyDuckDb = joined(duckDb);
        onlyTrino.sort(null);
        onlyDuckDb.sort(null);
        final List<String> differences = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < onlyTrino.size() || j < onlyDuckDb.size()) {
            final int order = i == onlyTrino.size() ? 1 : j == onlyDuckDb.size() ? -1
                : onlyTrino.get(i).compareTo(onlyDuckDb.get(j));
            if (order == 0) {
                i++;
                j++;
            } else if (order < 0) {
                differences.add("only Trino:  " + onlyTrino.get(i++));
            } else {
                differences.add("only DuckDB: " + onlyDuckDb.get(j++));
            }
        }
        return new Outcome(subject, trino.cells().size(), duckDb.cells().size(), differences.isEmpty(), first(differences));
    }

    /** Row by row, column by column; the {@code approximate} columns within the tolerance. */
    static Outcome inOrder(final String subject, final Rows trino, final Rows duckDb, final Set<String> approximate) {
        final List<String> differences = new ArrayList<>();
        if (!trino.names().equals(duckDb.names())) {
            differences.add("columns: Trino " + trino.names() + ", DuckDB " + duckDb.names());
        }
        for (int i = 0; i < Math.max(trino.cells().size(), duckDb.cells().size()); i++) {
            final List<String> t = i < trino.cells().size() ? trino.cells().get(i) : List.of();
            final List<String> d = i < duckDb.cells().size() ? duckDb.cells().get(i) : List.of();
            boolean same = t.size() == d.size();
            for (int c = 0; same && c < t.size(); c++) {
                same = t.get(c).equals(d.get(c))
                    || approximate.contains(trino.names().get(c)) && close(t.get(c), d.get(c));
            }
            if (!same) {
                differences.add("row " + (i + 1) + ": Trino  " + String.join(" | ", t) + "\n        DuckDB "
                    + String.join(" | ", d));
            }
        }
        return new Outcome(subject, trino.cells().size(), duckDb.cells().size(), differences.isEmpty(), first(differences));
    }

    private static boolean close(final String trino, final String duckDb) {
        try {
            final double t = Double.parseDouble(trino);
            final double d = Double.parseDouble(duckDb);
            return Math.abs(t - d) <= APPROXIMATE_TOLERANCE * Math.max(Math.abs(t), Math.abs(d));
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    private static List<String> joined(final Rows rows) {
        final List<String> joined = new ArrayList<>(rows.cells().size());
        rows.cells().forEach(cells -> joined.add(String.join(" | ", cells)));
        return joined;
    }

    private static List<String> first(final List<String> differences) {
        return List.copyOf(differences.subList(0, Math.min(5, differences.size())));
    }
}
