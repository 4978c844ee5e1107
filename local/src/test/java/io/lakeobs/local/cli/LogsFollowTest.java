package io.lakeobs.local.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code logs --follow}: every entry logged between two polls is printed, however many. */
class LogsFollowTest {
    /** The server's first {@code limit} entries from {@code start}, oldest first, "printed" into {@code printed}. */
    private static LogsCommand.Page page(final List<Long> times, final long start, final int limit, final List<Long> printed) {
        long next = start;
        int entries = 0;
        for (final long time : times) {
            if (time >= start && entries < limit) {
                printed.add(time);
                next = time + 1;
                entries++;
            }
        }
        return new LogsCommand.Page(entries, next);
    }

    @Test
    void aBurstOfMoreThanTheLimitBetweenTwoPollsIsPrintedWholeInOrder() {
        final List<Long> times = new ArrayList<>(LongStream.range(100, 125).boxed().toList()); // 25 new entries, limit 10
        times.addAll(List.of(125L, 125L, 125L)); // three at one nanosecond
        final List<Long> printed = new ArrayList<>();
        final long next = LogsCommand.printNew(100, start -> page(times, start, 10, printed), 10);
        assertEquals(times, printed);
        assertEquals(126, next);
    }

    @Test
    void nothingNewKeepsThePositionAndAFullLastPageIsFollowedByAnEmptyOne() {
        final List<Long> printed = new ArrayList<>();
        assertEquals(500, LogsCommand.printNew(500, start -> page(List.of(1L, 2L), start, 10, printed), 10));
        assertEquals(List.of(), printed);
        final List<Long> exactlyTwoPages = LongStream.range(0, 20).boxed().toList();
        assertEquals(20, LogsCommand.printNew(0, start -> page(exactlyTwoPages, start, 10, printed), 10));
        assertEquals(exactlyTwoPages, printed);
    }
}
