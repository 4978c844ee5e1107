package io.lakeobs.local.cli;

/** The exit statuses of every {@code lakeobs} command, documented in docs/cli.md. */
public final class ExitCodes {
    /** It worked. */
    public static final int OK = 0;
    /** It failed: the server reported an error, the SQL was refused, the demo's counts disagree, a file could not be written. */
    public static final int FAILED = 1;
    /** Bad input: an unknown option, a missing argument, a value that does not parse, a bad time range. */
    public static final int USAGE = 2;
    /** No server runs for the data directory (start one with {@code lakeobs up}), or one already does (for {@code up}). */
    public static final int NO_SERVER = 3;
    /** The process or metric named does not exist. */
    public static final int NOT_FOUND = 4;

    private ExitCodes() {
    }
}
