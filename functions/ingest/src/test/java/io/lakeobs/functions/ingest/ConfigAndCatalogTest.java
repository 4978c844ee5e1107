package io.lakeobs.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigAndCatalogTest {
    @Test
    void readsConfigurationOnceAndNamesBadVariables() {
        final Config config = Config.fromEnv(Map.of(EnvVars.BUCKET, "raw", EnvVars.TABLE_PREFIX, "p-",
            EnvVars.S3_ENDPOINT, "http://127.0.0.1:9000", EnvVars.PRESIGN_EXPIRY_SECONDS, "900"));
        assertThat(config.tables().blocks()).isEqualTo("p-blocks");
        assertThat(config.s3Endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.presignExpiry()).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> Config.fromEnv(Map.of())).hasMessageContaining(EnvVars.BUCKET);
        assertThatThrownBy(() -> Config.fromEnv(Map.of(EnvVars.BUCKET, "raw", EnvVars.PRESIGN_EXPIRY_SECONDS, "901")))
            .hasMessageContaining(EnvVars.PRESIGN_EXPIRY_SECONDS);
        assertThatThrownBy(() -> Config.fromEnv(Map.of(EnvVars.BUCKET, "raw", EnvVars.MAX_BLOCKS_PER_PRESIGN, "10")))
            .hasMessageContaining(EnvVars.MAX_BLOCKS_PER_PRESIGN);
        assertThatThrownBy(() -> Config.fromEnv(Map.of(EnvVars.BUCKET, "raw", EnvVars.MAX_BLOCK_BYTES, "lots")))
            .hasMessageContaining(EnvVars.MAX_BLOCK_BYTES);
    }

    @Test
    void largeDeclarationsGoToS3AndAreReferenced() throws Exception {
        try (IngestFixture fx = new IngestFixture()) {
            final ApiKeyToken key = fx.newKey(1000);
            final UUID processId = UUID.randomUUID();
            assertThat(fx.post(IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest(
                IngestFixture.process(processId)))).getStatusCode()).isEqualTo(201);
            final StreamCatalog streams = new StreamCatalog(fx.aws.dynamoDb(), IngestFixture.TABLES, fx.clock,
                new BlockStore(fx.aws.s3(), IngestFixture.BUCKET), 16);
            final byte[] declarations = TelemetryTypes.declarations().encode();
            final UUID streamId = UUID.randomUUID();
            final RegisterStreamRequest request = new RegisterStreamRequest(streamId, processId, List.of("log"), Map.of(), declarations);
            assertThat(streams.register(request)).isEqualTo(io.lakeobs.functions.core.catalog.Registration.CREATED);
            assertThat(streams.register(request)).isEqualTo(io.lakeobs.functions.core.catalog.Registration.UNCHANGED);
            final StreamRecord stored = streams.get(processId, streamId).orElseThrow();
            assertThat(stored.declarations()).isNull();
            assertThat(stored.declarationsKey()).startsWith("declarations/" + processId + "/" + streamId + "/");
            assertThat(StreamDeclarations.decode(streams.declarations(stored)).types())
                .isEqualTo(TelemetryTypes.declarations().types());
            assertThat(streams.streamsOf(processId)).extracting(StreamRecord::streamId).containsExactly(streamId);

            final RegisterStreamRequest conflicting = new RegisterStreamRequest(streamId, processId, List.of("log"), Map.of(),
                StreamDeclarations.of(TelemetryTypes.declarations().types().subList(0, 1)).encode());
            final StoredState before = fx.state();
            assertThat(streams.register(conflicting)).isEqualTo(io.lakeobs.functions.core.catalog.Registration.CONFLICT);
            assertThat(fx.state().items()).isEqualTo(before.items());
            assertThat(StreamDeclarations.decode(streams.declarations(streams.get(processId, streamId).orElseThrow())).types())
                .isEqualTo(TelemetryTypes.declarations().types());

            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final var command = new io.lakeobs.functions.ingest.keys.ApiKeyCommand(
                new io.lakeobs.functions.core.catalog.ApiKeyCatalog(fx.aws.dynamoDb(), IngestFixture.TABLES), fx.clock,
                new SecureRandom(), new PrintStream(out, true));
            assertThat(command.run("create", "--rate", "7")).isZero();
            final String token = out.toString().lines().reduce((a, b) -> b).orElseThrow();
            final APIGatewayV2HTTPResponse response = fx.post(IngestPaths.STREAMS, ApiKeyToken.parse(token),
                IngestJson.toJson(IngestFixture.stream(processId, UUID.randomUUID())));
            assertThat(response.getStatusCode()).isEqualTo(403); // a valid key, but not the process owner
            assertThat(command.run("show", ApiKeyToken.parse(token).keyId())).isZero();
            assertThat(out.toString()).contains("active 7 req/s");
            assertThat(command.run("bogus")).isEqualTo(2);
            assertThat(command.run("revoke", "knothere")).isEqualTo(1);
            // list answers from the all_keys index: every key, its state, never a secret
            final String keyId = ApiKeyToken.parse(token).keyId();
            assertThat(command.run("create")).isZero();
            assertThat(command.run("revoke", keyId)).isZero();
            out.reset();
            assertThat(command.run("list")).isZero();
            assertThat(out.toString().lines()).as("the fixture's key and this test's two").hasSize(3).anyMatch(l -> l.startsWith(keyId + " revoked 7 req/s"))
                .anyMatch(l -> l.contains(" active 100 req/s")).noneMatch(l -> l.contains(ApiKeyToken.parse(token).secret()));
            // bad input is refused with the reason, and changes nothing
            final StoredState keysBefore = fx.state();
            out.reset();
            assertThat(command.run("create", "--rate", "lots")).isEqualTo(2);
            assertThat(command.run("create", "--rate", "0")).isEqualTo(2);
            assertThat(command.run("rotate", keyId, "--grace", "soon")).isEqualTo(2);
            assertThat(command.run("rotate", keyId, "--grace", "400d")).isEqualTo(2);
            assertThat(command.run("rotate", keyId, "--grace", "200000000000d")).isEqualTo(2);
            assertThat(command.run("rotate", keyId, "--grace", "99999999999999999999d")).isEqualTo(2);
            assertThat(command.run("budget", keyId, "--bytes", "-1", "--events", "0")).isEqualTo(2);
            assertThat(out.toString()).contains("'lots' is not an int").contains("--rate must be at least 1")
                .contains("'soon' is not a duration").contains("must not be negative")
                .contains("'400d' is longer than the longest grace, 365 days").contains("'200000000000d' is longer than the longest grace")
                .contains("'99999999999999999999d' is not a duration");
            assertThat(fx.state()).isEqualTo(keysBefore);
        }
    }
}
