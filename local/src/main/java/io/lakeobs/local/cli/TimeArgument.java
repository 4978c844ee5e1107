package io.lakeobs.local.cli;

import picocli.CommandLine;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A point in time on the command line: {@code now}; a duration ago ({@code 30s}, {@code 15m},
 * {@code 2h}, {@code 7d}); an instant ({@code 2026-12-07T12:00:00Z}); a UTC date-time
 * ({@code 2026-12-07T12:00}) or date ({@code 2026-12-07}). Kept as text until the clock is known.
 */
record TimeArgument(String text) {
    /** The last instant whose epoch nanoseconds fit in a long (2262-04-11), the times events carry. */
    static final Instant LAST = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L, Long.MAX_VALUE % 1_000_000_000L);

    /**
     * The instant it means at {@code clock}'s now; a {@link ExitCodes#USAGE} failure naming
     * {@code option} if it means none, or one outside (1970-01-01, 2262-04-11], the instants an
     * event's nanosecond time can hold.
     */
    Instant at(final Clock clock, final String option) {
        final Instant instant = parse(clock, option);
        if (!instant.isAfter(Instant.EPOCH) || instant.isAfter(LAST)) {
            throw new CliException(ExitCodes.USAGE, option + ": '" + text + "' is " + instant
                + ", outside the times events carry (after 1970-01-01, up to " + LAST + ")");
        }
        return instant;
    }

    private Instant parse(final Clock clock, final String option) {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.equals("now")) {
                return clock.instant();
            }
            if (value.matches("\\d+[smhd]")) {
                final long amount = Long.parseLong(value.substring(0, value.length() - 1));
                return clock.instant().minus(switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (value.endsWith("z") || value.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT)).toInstant(); // seconds optional
            }
            return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
        } catch (final DateTimeException | ArithmeticException | NumberFormatException e) { // parse errors, overflows
            throw new CliException(ExitCodes.USAGE, option + ": '" + text + "' is not a time: use now, 15m (ago), 2h, 7d,"
                + " 2026-12-07, 2026-12-07T12:00 (UTC) or 2026-12-07T12:00:00Z");
        }
    }

    /** The ns bounds of [since, until), 0 for an absent end; a {@link ExitCodes#USAGE} failure if since is not before until. */
    static long[] range(final TimeArgument since, final TimeArgument until, final Clock clock) {
        final Clock now = oneReading(clock);
        final long from = since == null ? 0 : nanos(since.at(now, "--since"));
        final long to = until == null ? 0 : nanos(until.at(now, "--until"));
        if (to != 0 && from >= to) {
            throw new CliException(ExitCodes.USAGE, "bad time range: --since " + since.text() + " is not before --until "
                + until.text());
        }
        return new long[] {from, to};
    }

    /** The clock stopped at one reading, so that both ends of a range are relative to the same now ("2h now" is two hours). */
    static Clock oneReading(final Clock clock) {
        return Clock.fixed(clock.instant(), ZoneOffset.UTC);
    }

    static long nanos(final Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Lets picocli take a time as an option or parameter value. */
    static final class Converter implements CommandLine.ITypeConverter<TimeArgument> {
        @Override
        public TimeArgument convert(final String value) {
            return new TimeArgument(value);
        }
    }
}
