package io.lakeobs.uploader;

import io.lakeobs.tracing.sink.StreamKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploaderBuilderTest {
    @Test
    void environmentVariablesMapOntoTheSettings() {
        final UploaderBuilder builder = Uploader.builder().fromEnvironment(Map.of(
            UploaderEnv.ENDPOINT, "http://127.0.0.1:9/", UploaderEnv.API_KEY, "k1.secret",
            UploaderEnv.SPOOL_DIR, "/tmp/spool", UploaderEnv.SPOOL_MAX_BYTES, "64m",
            UploaderEnv.BUDGET_SPANS_BYTES, "512k", UploaderEnv.BLOCK_TARGET_BYTES, "2MiB",
            UploaderEnv.FLUSH_PERIOD_MS, "2500", UploaderEnv.MAX_IN_FLIGHT, "4", UploaderEnv.SHUTDOWN_DEADLINE_MS, "1500",
            UploaderEnv.CRASH_SAFE, "true"));
        final UploaderConfig config = config(builder);
        assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9/"));
        assertThat(config.apiKey().keyId()).isEqualTo("k1");
        assertThat(config.spoolDirectory()).isEqualTo(Path.of("/tmp/spool"));
        assertThat(config.spoolMaxBytes()).isEqualTo(64L << 20);
        assertThat(config.budget(StreamKind.SPANS.priority())).isEqualTo(512L << 10);
        assertThat(config.budget(StreamKind.LOG.priority())).isEqualTo(UploaderEnv.DEFAULT_BUDGET_LOG_BYTES);
        assertThat(config.blockTargetBytes()).isEqualTo(2 << 20);
        assertThat(config.flushPeriod().toMillis()).isEqualTo(2500);
        assertThat(config.maxInFlight()).isEqualTo(4);
        assertThat(config.shutdownDeadline().toMillis()).isEqualTo(1500);
        assertThat(config.crashSafe()).isTrue();
        assertThat(config.ringsDirectory()).isEqualTo(Path.of("/tmp/spool/rings"));
        assertThat(config(Uploader.builder().endpoint(URI.create("http://127.0.0.1:9/")).apiKey("k.s")).shutdownDeadline())
            .isEqualTo(UploaderEnv.DEFAULT_SHUTDOWN_DEADLINE);
    }

    @Test
    void badValuesAreErrorsNamingTheVariable() {
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.SPOOL_MAX_BYTES, "lots")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(UploaderEnv.SPOOL_MAX_BYTES);
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.BUDGET_LOG_BYTES, "5x")))
            .hasMessageContaining(UploaderEnv.BUDGET_LOG_BYTES).hasMessageContaining("unit");
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.ENDPOINT, "ftp://host/")))
            .hasMessageContaining(UploaderEnv.ENDPOINT);
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.API_KEY, "nodot")))
            .hasMessageContaining(UploaderEnv.API_KEY);
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.MAX_IN_FLIGHT, "0")))
            .hasMessageContaining(UploaderEnv.MAX_IN_FLIGHT);
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.SHUTDOWN_DEADLINE_MS, "soon")))
            .hasMessageContaining(UploaderEnv.SHUTDOWN_DEADLINE_MS).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.SHUTDOWN_DEADLINE_MS, "0")))
            .hasMessageContaining(UploaderEnv.SHUTDOWN_DEADLINE_MS).hasMessageContaining("positive");
        assertThatThrownBy(() -> Uploader.builder().fromEnvironment(Map.of(UploaderEnv.CRASH_SAFE, "yes")))
            .hasMessageContaining(UploaderEnv.CRASH_SAFE);
        assertThatThrownBy(() -> Uploader.builder().endpoint(URI.create("http://127.0.0.1:9/")).apiKey("k.s").crashSafe(true)
            .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining(UploaderEnv.SPOOL_DIR);
        assertThatThrownBy(() -> Uploader.builder().apiKey("k.s").build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining(UploaderEnv.ENDPOINT);
        assertThatThrownBy(() -> Uploader.builder().endpoint(URI.create("http://127.0.0.1:9/")).build())
            .hasMessageContaining(UploaderEnv.API_KEY);
    }

    @Test
    void theRawBlockTargetForTracingIsTheCompressedTargetTimesTheRatio() {
        final Uploader uploader = Uploader.builder().endpoint(URI.create("http://127.0.0.1:9/")).apiKey("k.s").manual()
            .blockTargetBytes(1 << 20).compressionRatio(3).build();
        assertThat(uploader.rawBlockTargetBytes()).isEqualTo(3 << 20);
        uploader.shutdown(java.time.Duration.ofMillis(10));
    }

    private static UploaderConfig config(final UploaderBuilder builder) {
        return builder.settings();
    }
}
