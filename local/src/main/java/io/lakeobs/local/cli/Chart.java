package io.lakeobs.local.cli;

import java.util.List;

/**
 * A small terminal chart of a metric: its points averaged into {@code width} columns over their
 * time span, drawn {@code height} rows high with block characters, the maximum and minimum on the
 * left and the span's ends below.
 */
final class Chart {
    private static final String[] EIGHTHS = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

    private Chart() {
    }

    /** {@code times} in ns, ascending, one per value; at least one point. */
    static List<String> draw(final long[] times, final double[] values, final int width, final int height) {
        final long first = times[0];
        final long span = Math.max(1, times[times.length - 1] - first);
        final double[] sum = new double[width];
        final int[] count = new int[width];
        for (int i = 0; i < times.length; i++) {
            final int column = (int) Math.min(width - 1, (times[i] - first) * width / span);
            sum[column] += values[i];
            count[column]++;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < width; c++) {
            if (count[c] > 0) {
                min = Math.min(min, sum[c] / count[c]);
                max = Math.max(max, sum[c] / count[c]);
            }
        }
        final String top = Text.number(max);
        final String bottom = Text.number(min);
        final int label = Math.max(top.length(), bottom.length());
        final java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        for (int row = height - 1; row >= 0; row--) {
            final StringBuilder line = new StringBuilder();
            final String name = row == height - 1 ? top : row == 0 ? bottom : "";
            line.append(" ".repeat(label - name.length())).append(name).append(" │");
            for (int c = 0; c < width; c++) {
                if (count[c] == 0) {
                    line.append(' ');
                    continue;
                }
                // eighths of the full height this column reaches; a flat series sits on the bottom row
                final double level = max == min ? 1 : 1 + (sum[c] / count[c] - min) / (max - min) * (height * 8 - 1);
                final int eighths = (int) Math.round(level) - row * 8;
                line.append(EIGHTHS[Math.max(0, Math.min(8, eighths))]);
            }
            lines.add(line.toString());
        }
        lines.add(" ".repeat(label) + " └" + "─".repeat(width));
        final String from = Text.time(first);
        final String to = Text.time(times[times.length - 1]);
        lines.add(" ".repeat(label + 2) + from + " ".repeat(Math.max(1, width - from.length() - to.length())) + to);
        return lines;
    }
}
