package io.lakeobs.tests.logging;

import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.spi.LoggerContext;

import java.io.IOException;

/**
 * A sample application written against the Log4j2 API, configured by log4j2-billing.xml (its
 * console output plus the lakeobs appender). Its loggers come from the context it is given (an
 * application would call {@code LogManager.getLogger}; the test's JVM already has a Log4j2 context,
 * DynamoDB Local's). Every invoice runs with the invoice and tenant in the ThreadContext; every
 * 3rd is overdue (a WARN with the DUNNING marker), every 5th fails to send (an ERROR with a
 * throwable and its cause); DEBUG is below the configured level.
 */
final class BillingWithLog4j2 {
    private static final Marker DUNNING = MarkerManager.getMarker("DUNNING");

    private BillingWithLog4j2() {
    }

    static void run(final LoggerContext context, final int invoices) {
        final Logger invoicesLog = context.getLogger("com.example.billing.Invoices");
        final Logger mail = context.getLogger("com.example.billing.Mail");
        for (int i = 0; i < invoices; i++) {
            final String invoice = "inv-" + i;
            ThreadContext.put("invoice", invoice);
            ThreadContext.put("tenant", "globex");
            try {
                invoicesLog.info("invoice {} issued for {} EUR", invoice, 100 + i);
                invoicesLog.debug("invoice {} rendered", invoice);
                if (i % 3 == 2) {
                    invoicesLog.warn(DUNNING, "invoice {} overdue by {} days", invoice, i);
                }
                if (i % 5 == 4) {
                    mail.error("sending {} failed", invoice,
                        new IllegalStateException("mailbox full", new IOException("connection reset")));
                }
            } finally {
                ThreadContext.clearMap();
            }
        }
    }
}
