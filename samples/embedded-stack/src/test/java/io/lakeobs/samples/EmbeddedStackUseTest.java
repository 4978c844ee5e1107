package io.lakeobs.samples;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.uploader.Uploader;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a project using the embedded stack in its tests does: the stack, a key, an instrumented process, its blocks indexed. */
class EmbeddedStackUseTest {
    private static final LogCallSite HELLO = Tracing.logSite(Level.INFO, "sample", "hello {}", "EmbeddedStackUseTest.java", 30);

    @Test
    void anInstrumentedProcessReachesTheCatalog() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.builder().notificationPollInterval(Duration.ZERO)
                .lakeobsFunctions(Clock.systemUTC()).start()) {
            final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
            final ApiKeyToken key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), Clock.systemUTC(),
                new SecureRandom(), new PrintStream(PrintStream.nullOutputStream())).create(100).orElseThrow();
            final Uploader uploader = Uploader.builder().endpoint(stack.ingestUri()).apiKey(key.value()).build();
            final TracingRuntime tracing = uploader.configure(Tracing.builder()).shutdownHook(false).install();
            for (int i = 0; i < 100; i++) {
                HELLO.log(i);
            }
            tracing.shutdown(Duration.ofSeconds(60));
            final UUID process = tracing.processInfo().processId();
            assertTrue(stack.deliverPendingNotifications() > 0, "S3 notifications delivered");
            assertFalse(new BlockCatalog(stack.dynamoDb(), tables).blocksOfProcess(process).isEmpty(), "blocks indexed");
            assertFalse(stack.s3().listObjectsV2(r -> r.bucket(stack.rawBucket())).contents().isEmpty(), "objects in S3");
        }
    }
}
