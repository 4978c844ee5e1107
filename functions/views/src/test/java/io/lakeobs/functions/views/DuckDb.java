package io.lakeobs.functions.views;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** DuckDB in-process, offline (no extension downloads), to read back what the ETL wrote. */
public final class DuckDb implements AutoCloseable {
    private final Connection connection;

    public DuckDb() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        execute("SET autoinstall_known_extensions=false");
        execute("SET autoload_known_extensions=false");
        execute("SET TimeZone='UTC'");
    }

    public void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Each row as its columns' string values joined by '|'. */
    public List<String> rows(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                final StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    if (i > 1) {
                        row.append('|');
                    }
                    row.append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    public long count(final String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0));
    }

    /** Writes bytes to a file under the test's directory and returns its path for read_parquet. */
    public static String file(final Path directory, final String name, final byte[] bytes) throws java.io.IOException {
        Files.createDirectories(directory);
        final Path path = directory.resolve(name);
        Files.write(path, bytes);
        return path.toString();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
