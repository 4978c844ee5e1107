package io.lakeobs.transit.telemetry;

/** A decoded log event, reused for every log of a block: copy what you keep. */
public final class LogEvent {
    long ticks;
    int level;
    String target;
    String template;
    String file;
    int line;
    final Arguments arguments = new Arguments();
    final EventProperties properties = new EventProperties();
    final Arguments exception = new Arguments();
    private final StringBuilder rendered = new StringBuilder(128);

    /** Clock ticks as recorded. */
    public long ticks() {
        return ticks;
    }

    /** {@link Level} code, 1 (trace) to 6 (fatal). */
    public int level() {
        return level;
    }

    public String target() {
        return target;
    }

    /** The message template, or the whole message for logs without arguments. */
    public String template() {
        return template;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public Arguments arguments() {
        return arguments;
    }

    /** The log's properties (MDC values, markers); none but for log_record events. */
    public EventProperties properties() {
        return properties;
    }

    /**
     * The log's throwable and its causes, outermost first, three strings each: class name,
     * message (null tag when it has none) and stack frames, one {@code at ...} line per frame.
     * Empty when the log has no throwable.
     */
    public Arguments exception() {
        return exception;
    }

    /** Whether the log carries a throwable. */
    public boolean hasException() {
        return exception.count() >= 3;
    }

    /**
     * The throwable as {@code printStackTrace} shows it: {@code class: message}, its frames, then
     * each cause after {@code Caused by: }. Appends nothing without a throwable.
     */
    public void appendStackTrace(final StringBuilder out) {
        for (int i = 0; i + 2 < exception.count(); i += 3) {
            if (i > 0) {
                out.append("\nCaused by: ");
            }
            exception.appendTo(i, out);
            if (exception.tag(i + 1) != io.lakeobs.transit.layout.ObjectDescriptor.ARG_NULL) {
                out.append(": ");
                exception.appendTo(i + 1, out);
            }
            if (exception.tag(i + 2) != io.lakeobs.transit.layout.ObjectDescriptor.ARG_NULL) {
                out.append('\n');
                exception.appendTo(i + 2, out);
            }
        }
    }

    /** The template with its arguments substituted. */
    public String message() {
        if (arguments.count() == 0) {
            return template;
        }
        rendered.setLength(0);
        arguments.render(template, rendered);
        return rendered.toString();
    }
}
