package io.lakeobs.local.demo;

import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.uploader.Uploader;

import java.time.Duration;

/**
 * An application instrumented exactly as the README shows (the uploader and tracing configured
 * from LAKEOBS_ENDPOINT, LAKEOBS_API_KEY and the other variables), running the demo's order
 * service once: what README "Try it with your own application" runs against {@code lakeobs up}
 * before your own application does.
 */
public final class ExampleApp {
    private ExampleApp() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        final Uploader uploader = Uploader.builder().fromEnvironment(System.getenv()).build();
        final TracingRuntime tracing = uploader.configure(Tracing.builder()).fromEnvironment(System.getenv())
            .processProperty("app", "example").install();
        System.out.println("process " + tracing.processInfo().processId() + ": 2 threads x " + iterations + " orders");
        final SampleWorkload.Counts counts = new SampleWorkload(2, iterations).run();
        tracing.shutdown(Duration.ofSeconds(60)); // seals the streams; the uploader sends every block before returning
        System.out.println("recorded " + counts.logs() + " logs, " + counts.metrics() + " metrics, " + counts.spans()
            + " spans; sent " + uploader.stats().blocksSent() + " blocks");
    }
}
