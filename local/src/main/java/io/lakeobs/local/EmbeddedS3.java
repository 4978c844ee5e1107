package io.lakeobs.local;

import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.server.Server;

/**
 * S3Proxy in-process on 127.0.0.1 and an ephemeral port, checking AWS signatures (V2 or V4,
 * headers or presigned query), over an in-memory or a filesystem blob store. A
 * {@link PresignedHeaderGuard} in front refuses presigned requests with unsigned x-amz-* headers,
 * as S3 does and S3Proxy does not.
 */
final class EmbeddedS3 implements AutoCloseable {

    private static final long START_TIMEOUT_NANOS = 30_000_000_000L;

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;

    private EmbeddedS3(final S3Proxy proxy, final BlobStore blobStore, final URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /**
     * Starts the server; {@code filesystemRoot} null means an in-memory store. S3Proxy answers a
     * request with a header it does not know by an error unless {@code ignoreUnknownHeaders}. The
     * root is made absolute: under a relative root, S3Proxy's filesystem store loses the parts of a
     * multipart upload (CompleteMultipartUpload answers NoSuchUpload).
     */
    static EmbeddedS3 start(final Path filesystemRoot, final String accessKey, final String secretKey,
                            final boolean ignoreUnknownHeaders) throws Exception {
        final BlobStore blobStore = filesystemRoot == null
                ? new TransientNio2BlobStore()
                : new FilesystemNio2BlobStore(filesystemRoot.toAbsolutePath().toString());
        final S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(ignoreUnknownHeaders)
                .build();
        guard(proxy);
        proxy.start();
        final long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() - deadline > 0) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new EmbeddedS3(proxy, blobStore, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    /**
     * Puts the guard in front of S3Proxy's handler. S3Proxy 4.1.0 has no hook for it: its Jetty
     * server (shaded, in S3Proxy's jar) is a private field, reached once here before the start.
     */
    private static void guard(final S3Proxy proxy) throws ReflectiveOperationException {
        final Field field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        final Server server = (Server) field.get(proxy);
        server.setHandler(new PresignedHeaderGuard(server.getHandler()));
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            blobStore.close();
        }
    }
}
