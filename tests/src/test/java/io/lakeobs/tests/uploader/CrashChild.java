package io.lakeobs.tests.uploader;

import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.uploader.Uploader;

import java.net.URI;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashRecoveryTest}: an application with tracing's shutdown hook and
 * the uploader spooling to {@code args[2]}. It records {@code args[3]} iterations, flushes
 * (after which they must survive anything), records {@code args[4]} more without flushing,
 * reports both on standard output, and waits to be killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Uploader uploader = Uploader.builder().endpoint(URI.create(args[0])).apiKey(args[1])
            .spoolDirectory(Path.of(args[2])).build();
        final TracingRuntime tracing = uploader.configure(Tracing.builder()).ringCapacity(1 << 22).install();
        System.out.println("PROCESS " + tracing.processInfo().processId());
        final long flushed = TestWorkload.run(2, Integer.parseInt(args[3]));
        if (!Tracing.flush()) {
            System.out.println("FLUSH FAILED");
        }
        System.out.println("FLUSHED " + flushed);
        final long unflushed = TestWorkload.run(2, Integer.parseInt(args[4]));
        System.out.println("RECORDED " + unflushed);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
