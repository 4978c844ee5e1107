package io.lakeobs.tracing.slf4j;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Found by SLF4J 2 through {@code ServiceLoader} when this jar is on the class path, so code
 * that logs through SLF4J (the application's own, its libraries') lands in the process's
 * lakeobs log streams with no change. Like every lakeobs call, it records nothing until the
 * application installs tracing. The MDC is kept by {@link TracingMdcAdapter}, whose per-thread
 * values a log hands to lakeobs by reference.
 */
public final class TracingServiceProvider implements SLF4JServiceProvider {
    /** The SLF4J API series this provider is written against. */
    public static final String REQUESTED_API_VERSION = "2.0.99";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    @Override
    public void initialize() {
        loggerFactory = new TracingLoggerFactory();
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new TracingMdcAdapter();
    }
}
