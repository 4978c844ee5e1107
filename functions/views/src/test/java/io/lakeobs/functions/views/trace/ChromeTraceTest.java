package io.lakeobs.functions.views.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trace-event JSON of a tiny trace, byte for byte against a golden file (read by hand against the
 * trace-event format: metadata, per-thread complete events parents first, a b/e pair, an instant).
 */
class ChromeTraceTest {
    private static final long T0 = 1_765_000_000_000_000_000L;

    static ChromeTrace.Content tiny() {
        return new ChromeTrace.Content("orders-app 6f1c", "6f1c0000-0000-0000-0000-000000000001", T0,
            List.of(
                // given out of order: the writer sorts per thread, parents first
                new ChromeTrace.ThreadSpan("worker", 12L, 2, 1, 1, T0 + 1_500, T0 + 2_250, "charge_payment", "app.payments"),
                new ChromeTrace.ThreadSpan("worker", 12L, 1, 0, 0, T0 + 1_000, T0 + 5_000, "handle_order", "app.orders"),
                new ChromeTrace.ThreadSpan("main", 1L, 3, 0, 0, T0, T0 + 10_000_001, "startup", "app")),
            List.of(
                new ChromeTrace.AsyncEvent("main", 1L, T0 + 4_000, false, 0xabcL, 0, "fetch_price", "app.prices"),
                new ChromeTrace.AsyncEvent("main", 1L, T0 + 2_000, true, 0xabcL, 0, "fetch_price", "app.prices")),
            List.of(new ChromeTrace.LogEntry("worker", 12L, T0 + 1_700, "ERROR", "app.payments", "card declined")));
    }

    @Test
    void tinyTraceEqualsTheGoldenFile() throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChromeTrace.write(tiny(), out);
        final String golden;
        try (InputStream in = ChromeTraceTest.class.getResourceAsStream("/trace/tiny-trace.json")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden.strip(), out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void timestampsAreExactMicroseconds() throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChromeTrace.write(tiny(), out);
        final JsonNode events = new ObjectMapper().readTree(out.toByteArray()).path("traceEvents");
        JsonNode startup = null;
        for (final JsonNode event : events) {
            if (event.path("name").asText().equals("startup")) {
                startup = event;
            }
        }
        assertEquals("10000.001", startup.path("dur").decimalValue().toPlainString());
    }
}
