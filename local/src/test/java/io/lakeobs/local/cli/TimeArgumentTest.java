package io.lakeobs.local.cli;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Times on the command line: what each form means, and a usage error naming the option for anything else. */
class TimeArgumentTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void eachFormMeansAnInstant() {
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), new TimeArgument("2h").at(NOW, "--since"));
        assertEquals(Instant.parse("2026-11-30T12:00:00Z"), new TimeArgument("7d").at(NOW, "--since"));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), new TimeArgument("2026-12-01").at(NOW, "--since"));
        assertEquals(Instant.parse("2026-12-01T06:30:00Z"), new TimeArgument("2026-12-01T06:30").at(NOW, "--since"));
        assertEquals(Instant.parse("2026-12-01T05:30:00Z"), new TimeArgument("2026-12-01T06:30+01:00").at(NOW, "--since"));
        assertEquals(Instant.parse("2026-12-01T06:30:00Z"), new TimeArgument("2026-12-01T06:30Z").at(NOW, "--since"));
        assertEquals(Instant.parse("2026-12-01T06:30:15.5Z"), new TimeArgument("2026-12-01t06:30:15.5z").at(NOW, "--since"));
        assertEquals(NOW.instant(), new TimeArgument("now").at(NOW, "--until"));
        assertEquals(1_796_601_600_000_000_000L, TimeArgument.nanos(new TimeArgument("2026-12-07").at(NOW, "--since")));
    }

    @Test
    void amountsTooLargeAndTimesEventsCannotCarryAreUsageErrorsNamingTheOption() {
        for (final String text : new String[] {"99999999999999999999d", "9999999999999d", "yesterday", "2026-13-01"}) {
            final CliException failure = assertThrows(CliException.class, () -> new TimeArgument(text).at(NOW, "--since"), text);
            assertEquals(ExitCodes.USAGE, failure.status(), text);
            assertTrue(failure.getMessage().startsWith("--since: '" + text + "' is not a time"), failure.getMessage());
        }
        // before the epoch, at it (0 ns means an open end), or past 2262-04-11: a nanosecond count cannot hold them
        for (final String text : new String[] {"1960-01-01", "1970-01-01", "2300-01-01", "100000d"}) {
            final CliException failure = assertThrows(CliException.class, () -> new TimeArgument(text).at(NOW, "--until"), text);
            assertEquals(ExitCodes.USAGE, failure.status(), text);
            assertTrue(failure.getMessage().startsWith("--until: '" + text + "' is ")
                && failure.getMessage().contains("outside the times events carry"), failure.getMessage());
        }
        assertEquals(Long.MAX_VALUE, TimeArgument.nanos(TimeArgument.LAST));
    }
}
