package io.lakeobs.local.athena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code CREATE EXTERNAL TABLE} statement of the Athena DDL files, read back into its parts, so
 * that the check registers in Trino exactly what the file says (columns, SerDe, input and output
 * formats, location, table properties) rather than a second description of the same table. It
 * reads the Hive DDL subset those files are written in and names the first thing it cannot read.
 */
public record HiveTableDdl(String name, List<Column> columns, List<Column> partitionColumns, String serde,
                           String inputFormat, String outputFormat, String location, Map<String, String> properties) {
    /** A column and its Hive type, as written ({@code map<string,string>}). */
    public record Column(String name, String type) {
    }

    private static final Pattern HEAD = Pattern.compile(
        "^CREATE\\s+EXTERNAL\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN = Pattern.compile("^`?(\\w+)`?\\s+([\\w<>,]+)$");
    private static final Pattern PROPERTY = Pattern.compile("^'([^']*)'\\s*=\\s*'([^']*)'$");

    /** Reads {@code text} (comments allowed), with {@code ${VIEWS_BUCKET}} replaced by {@code bucket}. */
    public static HiveTableDdl parse(final String text, final String bucket) {
        final String sql = withoutComments(text).replace("${VIEWS_BUCKET}", bucket).trim();
        final Matcher head = HEAD.matcher(sql);
        if (!head.find()) {
            throw new IllegalArgumentException("not a CREATE EXTERNAL TABLE statement: " + firstLine(sql));
        }
        final String name = head.group(1);
        final Reader reader = new Reader(sql, head.end(), name);
        final List<Column> columns = columns(reader.parenthesized(), name);
        reader.keywords("PARTITIONED", "BY");
        reader.expect('(');
        final List<Column> partitions = columns(reader.parenthesized(), name);
        reader.keywords("ROW", "FORMAT", "SERDE");
        final String serde = reader.quoted();
        reader.keywords("STORED", "AS", "INPUTFORMAT");
        final String inputFormat = reader.quoted();
        reader.keywords("OUTPUTFORMAT");
        final String outputFormat = reader.quoted();
        reader.keywords("LOCATION");
        final String location = reader.quoted();
        reader.keywords("TBLPROPERTIES");
        reader.expect('(');
        final Map<String, String> properties = new LinkedHashMap<>();
        for (final String entry : splitTopLevel(reader.parenthesized())) {
            final Matcher property = PROPERTY.matcher(entry.trim());
            if (!property.matches()) {
                throw new IllegalArgumentException(name + ": table property is not 'key' = 'value': " + entry.trim());
            }
            properties.put(property.group(1), property.group(2));
        }
        reader.end();
        return new HiveTableDdl(name, columns, partitions, serde, inputFormat, outputFormat, location, properties);
    }

    private static List<Column> columns(final String body, final String table) {
        final List<Column> columns = new ArrayList<>();
        for (final String entry : splitTopLevel(body)) {
            final Matcher column = COLUMN.matcher(entry.trim().replaceAll("\\s*([<>,])\\s*", "$1"));
            if (!column.matches()) {
                throw new IllegalArgumentException(table + ": not a column definition: " + entry.trim());
            }
            columns.add(new Column(column.group(1), column.group(2).toLowerCase(java.util.Locale.ROOT)));
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(table + ": a column list is empty");
        }
        return columns;
    }

    /** Splits on commas outside {@code <>}, parentheses and quotes. */
    private static List<String> splitTopLevel(final String body) {
        final List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            final char c = body.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '(')) {
                depth++;
            } else if (!quoted && (c == '>' || c == ')')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        if (!body.substring(start).isBlank()) {
            parts.add(body.substring(start));
        }
        return parts;
    }

    private static String withoutComments(final String text) {
        final StringBuilder out = new StringBuilder();
        for (final String line : text.split("\n", -1)) {
            final int comment = line.indexOf("--");
            out.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        return out.toString();
    }

    private static String firstLine(final String sql) {
        final int end = sql.indexOf('\n');
        return end < 0 ? sql : sql.substring(0, end);
    }

    /** A cursor over the statement after the table name. */
    private static final class Reader {
        private final String sql;
        private final String table;
        private int at;

        Reader(final String sql, final int at, final String table) {
            this.sql = sql;
            this.at = at;
            this.table = table;
        }

        /** The text up to the parenthesis that closes the one just read. */
        String parenthesized() {
            int depth = 1;
            boolean quoted = false;
            for (int i = at; i < sql.length(); i++) {
                final char c = sql.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')' && --depth == 0) {
                    final String body = sql.substring(at, i);
                    at = i + 1;
                    return body;
                }
            }
            throw new IllegalArgumentException(table + ": a parenthesis is never closed");
        }

        void expect(final char c) {
            skipSpace();
            if (at >= sql.length() || sql.charAt(at) != c) {
                throw new IllegalArgumentException(table + ": expected '" + c + "' at: " + rest());
            }
            at++;
        }

        void keywords(final String... words) {
            for (final String word : words) {
                skipSpace();
                if (!sql.regionMatches(true, at, word, 0, word.length())) {
                    throw new IllegalArgumentException(table + ": expected " + String.join(" ", words) + " at: " + rest());
                }
                at += word.length();
            }
        }

        String quoted() {
            expect('\'');
            final int end = sql.indexOf('\'', at);
            if (end < 0) {
                throw new IllegalArgumentException(table + ": a quoted string is never closed");
            }
            final String value = sql.substring(at, end);
            at = end + 1;
            return value;
        }

        void end() {
            skipSpace();
            if (at < sql.length() && sql.charAt(at) == ';') {
                at++;
                skipSpace();
            }
            if (at < sql.length()) {
                throw new IllegalArgumentException(table + ": unexpected text after the statement: " + rest());
            }
        }

        private void skipSpace() {
            while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
                at++;
            }
        }

        private String rest() {
            final String rest = sql.substring(Math.min(at, sql.length())).strip();
            return rest.isEmpty() ? "<end of statement>" : firstLine(rest);
        }
    }
}
