package io.lakeobs.functions.ingest.api;

import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.ErrorResponse;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestLimits;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.ProtocolException;
import io.lakeobs.protocol.RegisterResponse;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ingest API: routes, authenticates, parses, delegates, and turns every failure into a JSON
 * error with its status. Order: route (404/405), API key (401/403/429), body size (413), body
 * (400 naming the field), then the operation.
 */
public final class IngestApi {
    private static final Logger LOG = Logger.getLogger(IngestApi.class.getName());
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", IngestPaths.CONTENT_TYPE_JSON);

    private final ApiKeyAuthenticator authenticator;
    private final RegistrationService registrations;
    private final PresignService presigns;

    public IngestApi(final ApiKeyAuthenticator authenticator, final RegistrationService registrations,
                     final PresignService presigns) {
        this.authenticator = authenticator;
        this.registrations = registrations;
        this.presigns = presigns;
    }

    public ApiResponse handle(final ApiRequest request) {
        try {
            final String path = request.path() == null ? "" : request.path();
            if (!path.equals(IngestPaths.PROCESSES) && !path.equals(IngestPaths.STREAMS) && !path.equals(IngestPaths.BLOCKS_PRESIGN)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no route " + path + "; routes are "
                    + IngestPaths.PROCESSES + ", " + IngestPaths.STREAMS + ", " + IngestPaths.BLOCKS_PRESIGN);
            }
            if (!"POST".equalsIgnoreCase(request.method())) {
                throw new ProtocolException(ErrorCode.METHOD_NOT_ALLOWED, path + " accepts POST only");
            }
            final Caller caller = authenticator.authenticate(request.header(IngestPaths.API_KEY_HEADER));
            if (request.body().length > IngestLimits.MAX_BODY_BYTES) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "body of " + request.body().length
                    + " bytes, more than " + IngestLimits.MAX_BODY_BYTES);
            }
            return switch (path) {
                case IngestPaths.PROCESSES -> registered(registrations.registerProcess(caller,
                    IngestJson.parseRegisterProcess(request.body())));
                case IngestPaths.STREAMS -> registered(registrations.registerStream(caller,
                    IngestJson.parseRegisterStream(request.body())));
                default -> new ApiResponse(200, JSON_HEADERS,
                    IngestJson.toJson(presigns.presign(caller, IngestJson.parsePresignRequest(request.body()))));
            };
        } catch (final ProtocolException e) {
            return error(e.toResponse());
        } catch (final RuntimeException e) {
            LOG.log(Level.SEVERE, "ingest request failed", e);
            return error(new ErrorResponse(ErrorCode.INTERNAL, "internal error; retry with backoff", null));
        }
    }

    private static ApiResponse registered(final RegisterResponse response) {
        return new ApiResponse(response.created() ? 201 : 200, JSON_HEADERS, IngestJson.toJson(response));
    }

    private static ApiResponse error(final ErrorResponse error) {
        final Map<String, String> headers = error.code() == ErrorCode.RATE_LIMITED
            ? Map.of("content-type", IngestPaths.CONTENT_TYPE_JSON, IngestPaths.RETRY_AFTER_HEADER, "1")
            : JSON_HEADERS;
        return new ApiResponse(error.httpStatus(), headers, IngestJson.toJson(error));
    }
}
