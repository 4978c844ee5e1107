package io.lakeobs.transit.telemetry;

/** Log levels; a higher code is more severe, 0 means "no log" in summaries. */
public enum Level {
    TRACE(1), DEBUG(2), INFO(3), WARN(4), ERROR(5), FATAL(6);

    private static final Level[] BY_CODE = {null, TRACE, DEBUG, INFO, WARN, ERROR, FATAL};

    private final int code;

    Level(final int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The level with that code, or null for codes outside 1..6. */
    public static Level fromCode(final int code) {
        return code >= 1 && code <= 6 ? BY_CODE[code] : null;
    }

    public boolean isError() {
        return code >= ERROR.code;
    }
}
