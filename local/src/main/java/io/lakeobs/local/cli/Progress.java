package io.lakeobs.local.cli;

import java.io.PrintStream;

/**
 * A progress bar for long work, redrawn in place on a terminal and absent otherwise (so that a
 * script's output holds only results).
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean shown;
    private final String label;
    private final int total;

    Progress(final CliContext context, final String label, final int total) {
        this.out = context.out();
        this.shown = context.terminal();
        this.label = label;
        this.total = Math.max(1, total);
    }

    void update(final int done) {
        if (shown) {
            final int filled = (int) ((long) WIDTH * Math.min(done, total) / total);
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
            out.flush();
        }
    }

    /** Erases the bar. */
    @Override
    public void close() {
        if (shown) {
            out.print("\r" + " ".repeat(label.length() + WIDTH + 16) + "\r");
            out.flush();
        }
    }
}
