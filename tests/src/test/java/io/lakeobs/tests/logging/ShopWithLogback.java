package io.lakeobs.tests.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.io.IOException;

/**
 * A sample application written against the SLF4J API alone, as most services are; Logback is its
 * backend, configured by logback-shop.xml (its console output plus the lakeobs appender). Every
 * order runs with the order and tenant in the MDC; every 4th payment is retried (a WARN with the
 * AUDIT marker), every 5th fails (an ERROR with a throwable and its cause); DEBUG is below the
 * configured level.
 */
final class ShopWithLogback {
    private static final Logger ORDERS = LoggerFactory.getLogger("com.example.shop.Orders");
    private static final Logger PAYMENTS = LoggerFactory.getLogger("com.example.shop.Payments");
    private static final Marker AUDIT = MarkerFactory.getMarker("AUDIT");

    private ShopWithLogback() {
    }

    static void run(final int orders) {
        for (int i = 0; i < orders; i++) {
            final String order = "o-" + i;
            MDC.put("order", order);
            MDC.put("tenant", "acme");
            try {
                ORDERS.info("order {} placed by {}", order, "user-" + i % 3);
                ORDERS.debug("cart of {} priced", order);
                if (i % 4 == 3) {
                    PAYMENTS.warn(AUDIT, "payment of {} retried after {} ms", order, 250);
                }
                if (i % 5 == 4) {
                    PAYMENTS.error("payment of {} failed", order,
                        new IllegalStateException("card declined", new IOException("gateway timeout")));
                }
            } finally {
                MDC.clear();
            }
        }
    }
}
