package io.lakeobs.benchmarks.transit;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.block.DependencySource;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The committed, deterministic workload of the transit benchmarks: one block's worth of events
 * ({@link #EVENTS} of them) as a service would record them, from a fixed seed.
 *
 * <ul>
 *   <li>{@link Mix#REALISTIC}: per 100 events, 30 thread span begin/end pairs' halves, 20 static
 *   logs, 12 logs with 1-3 arguments (numbers and short ids), 3 bridged logs with a run-time
 *   message, 20 metrics (int, float, a quarter with properties), 10 async span events, 5 named
 *   spans; 60 call sites, 20 metrics, 30 span descriptors, 8 property sets.</li>
 *   <li>{@link Mix#FIXED}: only fixed-size events of at most 24 bytes (static logs 13 B, span
 *   begin/end 13 B, metrics 21 B): the decoder's per-event ceiling.</li>
 * </ul>
 * Ticks advance by 20..2000 per event, like a nanosecond clock on a busy thread.
 */
public final class TransitWorkload implements DependencySource {
    /** Events per block: about 1 MiB of realistic events. */
    public static final int EVENTS = 50_000;

    public enum Mix { REALISTIC, FIXED }

    private static final String[] TARGETS = {"com.acme.shop.checkout.CheckoutService", "com.acme.shop.cart.CartController",
        "com.acme.shop.payment.StripeGateway", "com.acme.shop.inventory.StockRepository", "com.acme.shop.http.RequestFilter",
        "com.acme.shop.search.SearchIndex"};
    private static final String[] TEMPLATES = {"order {} placed by customer {}", "cart {} has {} items, total {}",
        "payment {} authorised in {} ms", "stock for sku {} is {}", "GET {} -> {} in {} us", "cache miss for key {}",
        "retrying {} after {} ms (attempt {})", "request done"};
    private static final String[] METRIC_NAMES = {"http.server.duration", "db.pool.active", "jvm.gc.pause", "cache.hit.ratio",
        "queue.depth"};
    private static final String[] SPAN_NAMES = {"handle_request", "load_cart", "price_cart", "authorise_payment",
        "reserve_stock", "db.query", "render"};

    private static final int CALL_SITES = 60;
    private static final int METRICS = 20;
    private static final int SPANS = 30;
    private static final int PROPERTY_SETS = 8;
    private static final int STATIC_STRINGS = 4;

    private final Int2ObjectHashMap<byte[]> dependencies = new Int2ObjectHashMap<>();
    private final ExpandableArrayBuffer events = new ExpandableArrayBuffer(2 * 1024 * 1024);
    private final int length;
    private final int firstMetric = 1 + CALL_SITES;
    private final int firstSpan = firstMetric + METRICS;
    private final int firstProperties = firstSpan + SPANS;
    private final int firstString = firstProperties + PROPERTY_SETS;

    public TransitWorkload(final Mix mix) {
        final Random random = new Random(20261121L);
        registerDependencies(random);
        int index = 0;
        long ticks = 1_000_000_000L;
        for (int i = 0; i < EVENTS; i++) {
            ticks += 20 + random.nextInt(1980);
            index = mix == Mix.FIXED ? writeFixed(random, index, ticks) : writeRealistic(random, index, ticks);
        }
        length = index;
    }

    private void registerDependencies(final Random random) {
        final Level[] levels = {Level.DEBUG, Level.INFO, Level.INFO, Level.INFO, Level.WARN, Level.ERROR};
        for (int i = 0; i < CALL_SITES; i++) {
            final int id = 1 + i;
            final String target = TARGETS[i % TARGETS.length];
            dependencies.put(id, DependencyEncoder.logCallSite(id, levels[random.nextInt(levels.length)], 20 + 7 * i, target,
                TEMPLATES[i % TEMPLATES.length], target.substring(target.lastIndexOf('.') + 1) + ".java"));
        }
        for (int i = 0; i < METRICS; i++) {
            final int id = firstMetric + i;
            dependencies.put(id, DependencyEncoder.metricDescriptor(id, METRIC_NAMES[i % METRIC_NAMES.length] + "." + i,
                i % 2 == 0 ? "ns" : "count", TARGETS[i % TARGETS.length]));
        }
        for (int i = 0; i < SPANS; i++) {
            final int id = firstSpan + i;
            final String target = TARGETS[i % TARGETS.length];
            dependencies.put(id, DependencyEncoder.spanDescriptor(id, 100 + i, SPAN_NAMES[i % SPAN_NAMES.length], target,
                target.substring(target.lastIndexOf('.') + 1) + ".java"));
        }
        for (int i = 0; i < PROPERTY_SETS; i++) {
            final int id = firstProperties + i;
            final TreeMap<String, String> properties = new TreeMap<>();
            properties.put("region", i % 2 == 0 ? "eu-west-1" : "us-east-1");
            properties.put("status", String.valueOf(200 + 100 * (i % 4)));
            dependencies.put(id, DependencyEncoder.propertySet(id, properties));
        }
        for (int i = 0; i < STATIC_STRINGS; i++) {
            final int id = firstString + i;
            dependencies.put(id, DependencyEncoder.staticString(id, "org.slf4j.bridge.Logger" + i));
        }
    }

    private int writeFixed(final Random random, final int index, final long ticks) {
        final int roll = random.nextInt(100);
        events.checkLimit(index + 64);
        if (roll < 40) {
            return EventEncoder.logStatic(events, index, 1 + random.nextInt(CALL_SITES), ticks);
        } else if (roll < 70) {
            final int span = firstSpan + random.nextInt(SPANS);
            return roll < 55 ? EventEncoder.spanBegin(events, index, span, ticks) : EventEncoder.spanEnd(events, index, span, ticks);
        } else if (roll < 85) {
            return EventEncoder.metricInt(events, index, firstMetric + random.nextInt(METRICS), ticks, random.nextInt(100_000));
        }
        return EventEncoder.metricFloat(events, index, firstMetric + random.nextInt(METRICS), ticks, random.nextDouble());
    }

    private int writeRealistic(final Random random, final int index, final long ticks) {
        final int roll = random.nextInt(100);
        events.checkLimit(index + 256);
        final MutableDirectBuffer out = events;
        if (roll < 30) {
            final int span = firstSpan + random.nextInt(SPANS);
            return roll < 15 ? EventEncoder.spanBegin(out, index, span, ticks) : EventEncoder.spanEnd(out, index, span, ticks);
        } else if (roll < 50) {
            return EventEncoder.logStatic(out, index, 1 + random.nextInt(CALL_SITES), ticks);
        } else if (roll < 62) {
            final int count = 1 + random.nextInt(3);
            int at = EventEncoder.beginLogArgs(out, index, 1 + random.nextInt(CALL_SITES), ticks, count);
            for (int a = 0; a < count; a++) {
                at = random.nextBoolean() ? EventEncoder.putLongArgument(out, at, random.nextInt(1_000_000))
                    : EventEncoder.putStringArgument(out, at, "ord-" + (100_000 + random.nextInt(900_000)));
            }
            return EventEncoder.endLogArgs(out, index, at);
        } else if (roll < 65) {
            int at = EventEncoder.beginLogDynamic(out, index, Level.INFO.code(), firstString + random.nextInt(STATIC_STRINGS),
                ticks, "bridged message for session " + random.nextInt(10_000), 1);
            at = EventEncoder.putLongArgument(out, at, random.nextInt(500));
            return EventEncoder.endLogDynamic(out, index, at);
        } else if (roll < 85) {
            final int metric = firstMetric + random.nextInt(METRICS);
            final int properties = firstProperties + random.nextInt(PROPERTY_SETS);
            return switch (roll % 4) {
                case 0 -> EventEncoder.metricIntWithProperties(out, index, metric, properties, ticks, random.nextInt(5_000_000));
                case 1 -> EventEncoder.metricFloat(out, index, metric, ticks, random.nextDouble());
                default -> EventEncoder.metricInt(out, index, metric, ticks, random.nextInt(5_000_000));
            };
        } else if (roll < 95) {
            final long spanId = 1 + random.nextInt(1 << 20);
            final int span = firstSpan + random.nextInt(SPANS);
            return roll < 90 ? EventEncoder.asyncBegin(out, index, span, spanId, spanId - 1, 1 + random.nextInt(4), ticks)
                : EventEncoder.asyncEnd(out, index, span, spanId, spanId - 1, 1 + random.nextInt(4), ticks);
        }
        return EventEncoder.namedSpanBegin(out, index, firstSpan + random.nextInt(SPANS), ticks,
            "GET /api/orders/" + random.nextInt(100_000));
    }

    @Override
    public int write(final int id, final MutableDirectBuffer buffer, final int index) {
        final byte[] bytes = dependencies.get(id);
        buffer.putBytes(index, bytes);
        return bytes.length;
    }

    public ExpandableArrayBuffer events() {
        return events;
    }

    /** Bytes of raw events (the uncompressed objects section). */
    public int length() {
        return length;
    }

    public BlockSpan span() {
        return new BlockSpan(new UUID(1, 2), new UUID(3, 4), new UUID(5, 6), 1_767_225_600_000_000_000L,
            1_767_225_601_000_000_000L, 0, 1_000_000_000L, 0);
    }

    /** The workload as one block. */
    public byte[] block(final Compression compression) {
        return new BlockEncoder(compression, new TelemetrySummarizer())
            .encode(span(), TelemetryTypes.declarations(), events, 0, length, this);
    }
}
