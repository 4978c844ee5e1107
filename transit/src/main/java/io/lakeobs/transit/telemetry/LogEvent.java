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
