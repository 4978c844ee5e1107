package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeobs.transit.telemetry.Level;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Output for people: aligned tables, relative times, UTC timestamps and level names. */
final class Text {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Text() {
    }

    /** Prints {@code header} and {@code rows} in columns two spaces apart, numbers right-aligned. */
    static void table(final PrintStream out, final List<String> header, final List<List<String>> rows) {
        final int[] width = new int[header.size()];
        final boolean[] numeric = new boolean[header.size()];
        java.util.Arrays.fill(numeric, !rows.isEmpty());
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
            for (final List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
                numeric[i] &= row.get(i).matches("-?[0-9][0-9.,eE+-]*|");
            }
        }
        out.println(line(header, width, numeric));
        for (final List<String> row : rows) {
            out.println(line(row, width, numeric));
        }
    }

    private static String line(final List<String> cells, final int[] width, final boolean[] right) {
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            final String cell = cells.get(i);
            final String pad = " ".repeat(width[i] - cell.length());
            if (i > 0) {
                line.append("  ");
            }
            line.append(right[i] ? pad + cell : (i == cells.size() - 1 ? cell : cell + pad));
        }
        return line.toString();
    }

    /** The rows of a {@code {"columns": [...], "rows": [[...]]}} answer as text cells. */
    static List<List<String>> cells(final JsonNode table) {
        final List<List<String>> rows = new ArrayList<>();
        for (final JsonNode row : table.path("rows")) {
            final List<String> cells = new ArrayList<>();
            row.forEach(value -> cells.add(value.isNull() ? "NULL" : value.isFloatingPointNumber() ? number(value.asDouble())
                : value.asText()));
            rows.add(cells);
        }
        return rows;
    }

    static List<String> columns(final JsonNode table) {
        final List<String> columns = new ArrayList<>();
        table.path("columns").forEach(c -> columns.add(c.asText()));
        return columns;
    }

    /** "just now", "42s ago", "5m ago", "3h ago", "2d ago" (or "in 5m" for a future time). */
    static String relative(final long millis, final long nowMillis) {
        final long delta = nowMillis - millis;
        final Duration d = Duration.ofMillis(Math.abs(delta));
        final String amount;
        if (d.toSeconds() < 1) {
            return "just now";
        } else if (d.toMinutes() < 1) {
            amount = d.toSeconds() + "s";
        } else if (d.toHours() < 1) {
            amount = d.toMinutes() + "m";
        } else if (d.toDays() < 1) {
            amount = d.toHours() + "h";
        } else {
            amount = d.toDays() + "d";
        }
        return delta >= 0 ? amount + " ago" : "in " + amount;
    }

    /** A UTC timestamp to the millisecond: {@code 2026-12-07 12:01:02.123}. */
    static String time(final long nanos) {
        return TIME.format(Instant.ofEpochSecond(0, nanos));
    }

    /** The level's name for its code (5: ERROR). */
    static String level(final int code) {
        final Level level = Level.fromCode(code);
        return level == null ? String.valueOf(code) : level.name();
    }

    /** A number as people read it: integers without decimals, others with up to 3 significant decimals. */
    static String number(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.format(java.util.Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
    }
}
