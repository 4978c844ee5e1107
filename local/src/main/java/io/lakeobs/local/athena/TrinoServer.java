package io.lakeobs.local.athena;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Trino (the engine behind Athena engine version 3) as a child process, with one
 * Hive catalog: a file metastore in a local directory, and the views bucket read through Trino's
 * own S3 client from the embedded stack's S3 endpoint. Listens on 127.0.0.1 only.
 */
public final class TrinoServer implements AutoCloseable {
    /** Where the S3 objects are and how to sign for them. */
    public record S3(URI endpoint, String accessKey, String secretKey) {
    }

    private static final long START_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Process process;
    private final URI uri;
    private final Path log;

    private TrinoServer(final Process process, final URI uri, final Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Starts Trino from its unpacked server directory {@code home} (with the Hive plugin under
     * {@code plugin/hive}) on the JDK at {@code javaHome}, its configuration and data under
     * {@code work}, and waits until it accepts queries.
     */
    public static TrinoServer start(final Path home, final Path javaHome, final Path work, final Path metastore, final S3 s3)
        throws IOException, InterruptedException {
        requireDirectory(home.resolve("lib"), "the Trino server's lib directory");
        requireDirectory(home.resolve("plugin").resolve("hive"), "the Trino Hive plugin");
        final Path java = javaHome.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException("no java at " + java + " (Trino 476 needs JDK 24 or newer)");
        }
        final int port = freePort();
        final Path etc = Files.createDirectories(work.resolve("etc"));
        final Path catalogs = Files.createDirectories(etc.resolve("catalog"));
        Files.writeString(etc.resolve("config.properties"), String.join("\n",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "http-server.http.port=" + port,
            "discovery.uri=http://127.0.0.1:" + port,
            "query.max-memory=1GB",
            "catalog.config-dir=" + catalogs,
            "plugin.dir=" + home.resolve("plugin"),
            ""));
        Files.writeString(catalogs.resolve("hive.properties"), String.join("\n",
            "connector.name=hive",
            "hive.metastore=file",
            "hive.metastore.catalog.dir=local:///",
            "fs.native-local.enabled=true",
            "local.location=" + metastore,
            "fs.native-s3.enabled=true",
            "s3.endpoint=" + s3.endpoint(),
            "s3.region=us-east-1",
            "s3.path-style-access=true",
            "s3.aws-access-key=" + s3.accessKey(),
            "s3.aws-secret-key=" + s3.secretKey(),
            ""));
        final Path log = work.resolve("server.log");
        final Process process = new ProcessBuilder(List.of(java.toString(), "-cp", home.resolve("lib") + "/*",
            "-Xmx3G", "-XX:+UseG1GC", "-Duser.timezone=UTC", "-Djdk.attach.allowAttachSelf=true",
            "-Dnode.environment=athena_check", "-Dnode.id=athena-check", "-Dnode.bind-ip=127.0.0.1",
            "-Dnode.internal-address=127.0.0.1",
            "-Dnode.data-dir=" + Files.createDirectories(work.resolve("data")),
            "-Dconfig=" + etc.resolve("config.properties"), "io.trino.server.TrinoServer"))
            .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final TrinoServer server = new TrinoServer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI uri() {
        return uri;
    }

    private void awaitReady() throws IOException, InterruptedException {
        final TrinoClient probe = new TrinoClient(uri, "system", "runtime");
        final long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!probe.ready()) {
            if (!process.isAlive()) {
                throw new IOException("Trino exited with " + process.exitValue() + " while starting; see " + log);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("Trino did not start within 5 minutes; see " + log);
            }
            Thread.sleep(500);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void requireDirectory(final Path directory, final String what) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(what + " is missing: " + directory + " (make athena-check unpacks it)");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
