package io.lakeobs.local;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.gaul.shaded.org.eclipse.jetty.http.HttpField;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * Refuses a presigned (SigV4 query) request that carries an {@code x-amz-*} header left out of
 * its {@code X-Amz-SignedHeaders}, with 403 as S3 does. S3Proxy 4.1.0 accepts such headers, so on
 * the local stack a holder of a block URL could add {@code x-amz-acl: public-read} and make the
 * block publicly readable, which S3 itself refuses; the embedded stack must refuse what S3 refuses.
 */
final class PresignedHeaderGuard extends Handler.Wrapper {
    private static final String AMZ_PREFIX = "x-amz-";

    PresignedHeaderGuard(final Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) throws Exception {
        final String unsigned = unsignedAmzHeader(request.getHttpURI().getQuery(), request);
        if (unsigned == null) {
            return super.handle(request, response, callback);
        }
        response.setStatus(403);
        response.getHeaders().put("Content-Type", "application/xml");
        final String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
            + "<Message>There were headers present in the request which were not signed</Message>"
            + "<HeadersNotSigned>" + unsigned + "</HeadersNotSigned></Error>";
        response.write(true, ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The first x-amz-* header of a presigned request that its signature does not cover; null if none (or not presigned). */
    private static String unsignedAmzHeader(final String query, final Request request) {
        final String signedHeaders = queryParameter(query, "X-Amz-SignedHeaders");
        if (signedHeaders == null || queryParameter(query, "X-Amz-Signature") == null) {
            return null;
        }
        final Set<String> signed = Set.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
        for (final HttpField header : request.getHeaders()) {
            final String name = header.getLowerCaseName();
            if (name.startsWith(AMZ_PREFIX) && !signed.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private static String queryParameter(final String query, final String name) {
        if (query == null) {
            return null;
        }
        for (final String pair : query.split("&")) {
            final int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
