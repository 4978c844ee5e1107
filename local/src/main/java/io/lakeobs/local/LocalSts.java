package io.lakeobs.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of STS on 127.0.0.1 for the ingest function to assume its block-upload signer role
 * locally: {@code AssumeRole} (Query protocol) answers the stack's S3 credentials with a session
 * token and the requested duration. S3Proxy does not evaluate policies, so this keeps every
 * request's session policy ({@link #sessionPolicies()}) for tests to check what the session may do.
 */
public final class LocalSts implements AutoCloseable {
    private final HttpServer server;
    private final String accessKey;
    private final String secretKey;
    private final Clock clock;
    private final List<String> sessionPolicies = new CopyOnWriteArrayList<>();

    private LocalSts(final HttpServer server, final String accessKey, final String secretKey, final Clock clock) {
        this.server = server;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.clock = clock;
    }

    /** Starts on an ephemeral port of 127.0.0.1, handing out sessions of {@code accessKey}. */
    public static LocalSts start(final String accessKey, final String secretKey, final Clock clock) throws IOException {
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        final LocalSts sts = new LocalSts(server, accessKey, secretKey, clock);
        server.createContext("/", sts::handle);
        server.start();
        return sts;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The session policy of every AssumeRole so far, in order (empty string for none). */
    public List<String> sessionPolicies() {
        return List.copyOf(sessionPolicies);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"POST".equals(exchange.getRequestMethod()) || !"AssumeRole".equals(form.get("Action"))) {
                respond(exchange, 400, error("InvalidAction", "only POST Action=AssumeRole is served, got "
                    + exchange.getRequestMethod() + " Action=" + form.get("Action")));
                return;
            }
            final String roleArn = form.get("RoleArn");
            final String sessionName = form.get("RoleSessionName");
            if (roleArn == null || !roleArn.startsWith("arn:") || sessionName == null) {
                respond(exchange, 400, error("ValidationError", "RoleArn (an ARN) and RoleSessionName are required"));
                return;
            }
            sessionPolicies.add(form.getOrDefault("Policy", ""));
            final long seconds = Long.parseLong(form.getOrDefault("DurationSeconds", "3600"));
            respond(exchange, 200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>" + accessKey + "</AccessKeyId><SecretAccessKey>" + secretKey
                + "</SecretAccessKey><SessionToken>local-session-" + UUID.randomUUID() + "</SessionToken><Expiration>"
                + clock.instant().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS) + "</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>" + roleArn + "/" + sessionName + "</Arn><AssumedRoleId>LOCAL:" + sessionName
                + "</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></AssumeRoleResponse>");
        }
    }

    private static String error(final String code, final String message) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code
            + "</Code><Message>" + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error><RequestId>"
            + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    private static void respond(final HttpExchange exchange, final int status, final String xml) throws IOException {
        final byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(final String body) {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String pair : body.split("&")) {
            final int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
