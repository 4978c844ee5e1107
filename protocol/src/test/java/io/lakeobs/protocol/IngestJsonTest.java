package io.lakeobs.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lakeobs.protocol.IngestJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IngestJsonTest {
    private static final UUID P = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID S = UUID.fromString("66666666-7777-8888-9999-aaaaaaaaaaaa");

    @Test
    void processRoundTrips() {
        final ProcessInfo info = new ProcessInfo(P, "app.Main", "me", "host", "Linux 6", "amd64", "17.0.15",
            1_700_000_000_000_000_000L, 1_000_000_000L, 42L, null, Map.of("env", "prod"));
        final RegisterProcessRequest request = new RegisterProcessRequest(info);
        assertThat(IngestJson.parseRegisterProcess(utf8(IngestJson.toJson(request)))).isEqualTo(request);
    }

    @Test
    void streamRoundTrips() {
        final RegisterStreamRequest request = new RegisterStreamRequest(S, P, List.of("log"), Map.of("thread", "main"),
            new byte[] {1, 2, 3});
        assertThat(IngestJson.parseRegisterStream(utf8(IngestJson.toJson(request)))).isEqualTo(request);
    }

    @Test
    void presignRoundTrips() {
        final PresignRequest request = new PresignRequest(P, List.of(new BlockUpload(S, P, 1234)));
        assertThat(IngestJson.parsePresignRequest(utf8(IngestJson.toJson(request)))).isEqualTo(request);
        final PresignResponse response = new PresignResponse(List.of(new PresignedUpload(P, "http://x/y",
            Map.of("content-length", "1234"), Instant.parse("2026-01-01T00:00:00Z"))));
        assertThat(IngestJson.parsePresignResponse(utf8(IngestJson.toJson(response)))).isEqualTo(response);
        final ErrorResponse error = new ErrorResponse(ErrorCode.UNKNOWN_STREAM, "no", "blocks[0].streamId");
        assertThat(IngestJson.parseError(utf8(IngestJson.toJson(error)))).isEqualTo(error);
    }

    @Test
    void errorsNameTheField() {
        assertThat(fail("{\"processId\":\"" + P + "\",\"blocks\":[{\"streamId\":\"" + S + "\",\"blockId\":\"" + P
            + "\",\"contentLength\":\"x\"}]}").field()).isEqualTo("blocks[0].contentLength");
        assertThat(fail("{\"processId\":\"nope\",\"blocks\":[]}").field()).isEqualTo("processId");
        assertThat(fail("{\"processId\":\"" + P + "\",\"blocks\":[{\"streamId\":\"" + S + "\",\"blockId\":\"" + P
            + "\",\"contentLength\":99999999999}]}").code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(fail("{not json").code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(fail("[1]").code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void parsesApiKeyTokens() {
        assertThat(ApiKeyToken.parse("abc.def")).isEqualTo(new ApiKeyToken("abc", "def"));
        assertThat(ApiKeyToken.parse("abcdef")).isNull();
        assertThat(ApiKeyToken.parse(".def")).isNull();
        assertThat(ApiKeyToken.parse(null)).isNull();
    }

    private static ProtocolException fail(final String json) {
        return catchThrowableOfType(ProtocolException.class, () -> IngestJson.parsePresignRequest(utf8(json)));
    }
}
