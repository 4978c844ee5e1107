package io.lakeobs.local.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where a running {@code lakeobs up} listens, in {@code server.json} of its data directory: the
 * control endpoint the other commands call (with its bearer token), the ingest URL and the API key
 * an application exports. Readable by the owner only (it holds the token and the key); written
 * when the server is ready, deleted when it stops.
 */
public record ServerFile(@JsonProperty("control") URI control, @JsonProperty("token") String token,
                         @JsonProperty("ingest") URI ingest, @JsonProperty("api_key") String apiKey,
                         @JsonProperty("pid") long pid) {
    public static final String NAME = "server.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path path(final Path dataDirectory) {
        return dataDirectory.resolve(NAME);
    }

    /** The file of a server that announced itself in {@code dataDirectory}; empty if none did. */
    public static Optional<ServerFile> read(final Path dataDirectory) throws IOException {
        final Path file = path(dataDirectory);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ServerFile.class));
        } catch (final IOException e) {
            throw new IOException(file + " is not a server file (" + e.getMessage() + "): delete it", e);
        }
    }

    /** Writes the file atomically, owner-only. */
    public void write(final Path dataDirectory) throws IOException {
        final Path temporary = dataDirectory.resolve(NAME + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), this);
        Files.move(temporary, path(dataDirectory), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
