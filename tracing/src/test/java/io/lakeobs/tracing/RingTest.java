package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

class RingTest {
    private final EventFraming framing = new EventFraming(TelemetryTypes.declarations());

    @Test
    void fillsExactlyToCapacityThenDropsAndCounts() {
        final Ring ring = new Ring(1024, Thread.currentThread(), Clock.constant(0), null);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            final long at = ring.claim(EventDescriptor.LOG_STATIC_LENGTH);
            if (at != Ring.FULL) {
                ring.commit(ring.address + EventEncoder.logStatic(ring.buffer, ring.index(at), 1, i));
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(1024 / EventDescriptor.LOG_STATIC_LENGTH);
        assertThat(ring.droppedCount()).isEqualTo(100 - accepted);
        assertThat(ring.publishedTail()).isEqualTo((long) accepted * EventDescriptor.LOG_STATIC_LENGTH);
    }

    /**
     * A stripe's ring (no thread of its own) keeps its fast claims an eighth of the ring short of
     * the head, so that a virtual thread below the claim limit knows the ring is not nearly full
     * without reading anything else; its slow claims still fill it, as a platform thread's ring,
     * whose fast claims go to the end.
     */
    @Test
    void aStripesFastClaimsStopAnEighthShortOfTheHeadAndItsSlowClaimsFillIt() {
        final Ring stripe = new Ring(1024, null, Clock.constant(0), null);
        final Ring platform = new Ring(1024, Thread.currentThread(), Clock.constant(0), null);
        final int events = 1024 / EventDescriptor.METRIC_LENGTH;
        assertThat(endOfLastFastClaim(stripe, events)).isLessThanOrEqualTo(1024 - 1024 / 8)
            .isGreaterThan(1024 - 1024 / 8 - EventDescriptor.METRIC_LENGTH);
        assertThat(endOfLastFastClaim(platform, events)).isEqualTo((long) events * EventDescriptor.METRIC_LENGTH);
        assertThat(stripe.publishedTail()).isEqualTo(platform.publishedTail()).isEqualTo((long) events * EventDescriptor.METRIC_LENGTH);
        assertThat(stripe.claim(EventDescriptor.METRIC_LENGTH)).as("full").isEqualTo(Ring.FULL);
        assertThat(stripe.droppedCount()).isEqualTo(1);
    }

    /** Fills the ring with {@code events} metrics (no consumer) and returns where the last one the fast claim took ends. */
    private static long endOfLastFastClaim(final Ring ring, final int events) {
        long end = 0;
        for (int i = 0; i < events; i++) {
            final long fast = ring.tryClaim(EventDescriptor.METRIC_LENGTH);
            final long at = fast != Ring.FULL ? fast : ring.claim(EventDescriptor.METRIC_LENGTH);
            assertThat(at).as("event %d", i).isNotEqualTo(Ring.FULL);
            ring.commit(ring.address + EventEncoder.metricInt(ring.buffer, ring.index(at), 1, i, i));
            end = fast != Ring.FULL ? ring.publishedTail() : end;
        }
        return end;
    }

    @Test
    void padsAtTheEndAndWrapsToTheStart() {
        final Ring ring = new Ring(1024, Thread.currentThread(), Clock.constant(0), null);
        final int fill = 1024 / EventDescriptor.METRIC_LENGTH; // 48 events, 1008 bytes, 16 left
        for (int i = 0; i < fill; i++) {
            ring.commit(ring.address + EventEncoder.metricInt(ring.buffer, ring.index(ring.claim(EventDescriptor.METRIC_LENGTH)), 1, i, i));
        }
        ring.releaseHead(ring.publishedTail()); // consumer caught up
        final long at = ring.claim(EventDescriptor.METRIC_LENGTH);
        assertThat(at).isEqualTo(ring.address);
        assertThat(ring.buffer.getByte(fill * EventDescriptor.METRIC_LENGTH)).isEqualTo((byte) RingDescriptor.PADDING_TYPE_ID);
        assertThat(ring.publishedTail()).as("the padding is published with the wrap").isEqualTo(1024L);
        ring.commit(ring.address + EventEncoder.metricInt(ring.buffer, ring.index(at), 1, 99, 99));
        assertThat(ring.publishedTail()).isEqualTo(1024L + EventDescriptor.METRIC_LENGTH);
    }

    @Test
    void aClaimThatWrapsAndIsNeverCommittedLeavesTheNextClaimAtTheLapStart() {
        final Ring ring = new Ring(1024, Thread.currentThread(), Clock.constant(0), null);
        final int fill = 1024 / EventDescriptor.METRIC_LENGTH;
        for (int i = 0; i < fill; i++) {
            ring.commit(ring.claim(EventDescriptor.METRIC_LENGTH) + EventDescriptor.METRIC_LENGTH);
        }
        ring.releaseHead(ring.publishedTail());
        assertThat(ring.claim(EventDescriptor.METRIC_LENGTH)).isEqualTo(ring.address); // abandoned
        final long at = ring.claim(EventDescriptor.SPAN_LENGTH);
        assertThat(at).isEqualTo(ring.address);
        ring.commit(at + EventDescriptor.SPAN_LENGTH);
        assertThat(ring.publishedTail()).isEqualTo(1024L + EventDescriptor.SPAN_LENGTH);
    }

    /**
     * A bounded stress test of the hand-off: one producer writes events of random sizes (fixed seed)
     * into a small ring so it wraps thousands of times, retrying each refused event; the consumer
     * checks every event arrives once, intact and in order, and the ring's drop count equals the
     * refusals the producer saw.
     */
    @Test
    void producerAndConsumerThreadsAgreeOnEveryByte() throws Exception {
        final Ring ring = new Ring(4096, Thread.currentThread(), Clock.constant(0), null);
        final int events = 100_000;
        final AtomicLong refused = new AtomicLong();
        final Thread producer = new Thread(() -> {
            final SplittableRandom random = new SplittableRandom(42);
            final StringBuilder text = new StringBuilder();
            long sequence = 0;
            long refusals = 0;
            for (int i = 0; i < events; i++) {
                text.setLength(0);
                final int chars = random.nextInt(60);
                for (int c = 0; c < chars; c++) {
                    text.append((char) ('a' + (sequence + c) % 26));
                }
                long at;
                while ((at = ring.claim(EventEncoder.namedSpanBound(text))) == Ring.FULL) {
                    refusals++;
                    Thread.onSpinWait();
                }
                ring.commit(ring.address + EventEncoder.namedSpanBegin(ring.buffer, ring.index(at), chars, sequence, text));
                sequence++;
            }
            refused.set(refusals);
        }, "producer");
        producer.start();
        long expected = 0;
        boolean producerDone = false;
        while (true) {
            final boolean done = !producer.isAlive();
            final long tail = ring.publishedTail();
            long head = ring.head();
            final UnsafeBuffer buffer = ring.buffer;
            while (head < tail) {
                final int index = (int) head & ring.mask;
                if (buffer.getByte(index) == RingDescriptor.PADDING_TYPE_ID) {
                    head += ring.capacity - index;
                    continue;
                }
                final int length = framing.length(buffer, index);
                final int chars = buffer.getInt(index + 5, LITTLE_ENDIAN);
                assertThat(framing.time(buffer, index, -1)).isEqualTo(expected);
                assertThat(buffer.getInt(index + 17, LITTLE_ENDIAN)).isEqualTo(chars);
                for (int c = 0; c < chars; c++) {
                    assertThat(buffer.getByte(index + 21 + c)).isEqualTo((byte) ('a' + (expected + c) % 26));
                }
                expected++;
                head += length;
            }
            ring.releaseHead(head);
            if (producerDone) {
                break;
            }
            producerDone = done;
        }
        producer.join();
        assertThat(expected).isEqualTo(events);
        assertThat(ring.droppedCount()).isEqualTo(refused.get());
        assertThat(ring.head()).isEqualTo(ring.publishedTail()).isGreaterThan(100L * ring.capacity);
    }
}
