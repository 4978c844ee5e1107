package io.lakeobs.uploader;

import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The on-disk spool: one self-contained file per block (see {@link SpoolFileDescriptor}), each
 * written atomically, so a crash corrupts no other file and a restart can register and upload
 * every block again. One process at a time: a file lock guards the directory.
 */
final class Spool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());

    /** A block read back from the spool, with its registration bodies. */
    record Entry(Path file, int priority, long sequence, RegisterProcessRequest process, RegisterStreamRequest stream,
                 UUID blockId, int blockLength, int eventCount, long fileLength) {
    }

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;

    Spool(final Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(SpoolFileDescriptor.LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            FileLock acquired;
            try {
                acquired = lockChannel.tryLock();
            } catch (final OverlappingFileLockException e) {
                acquired = null;
            }
            if (acquired == null) {
                lockChannel.close();
                throw new IllegalStateException("spool " + directory + " is in use by another uploader (locked "
                    + SpoolFileDescriptor.LOCK_FILE + "); give each process its own spool directory");
            }
            lock = acquired;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open the spool directory " + directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    /**
     * Writes one block: temp file, force, atomic rename, then the directory is forced so the
     * name survives a power cut. Returns the file.
     */
    Path write(final int priority, final long sequence, final byte[] processJson, final byte[] streamJson,
               final UUID blockId, final byte[] block, final int eventCount) throws IOException {
        final String name = SpoolFileDescriptor.fileName(priority, sequence, blockId);
        final Path target = directory.resolve(name);
        final Path temp = directory.resolve(name + SpoolFileDescriptor.TEMP_SUFFIX);
        final ByteBuffer header = ByteBuffer.allocate(SpoolFileDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(SpoolFileDescriptor.MAGIC_OFFSET, SpoolFileDescriptor.MAGIC)
            .putShort(SpoolFileDescriptor.VERSION_OFFSET, SpoolFileDescriptor.VERSION)
            .put(SpoolFileDescriptor.PRIORITY_OFFSET, (byte) priority)
            .putLong(SpoolFileDescriptor.SEQUENCE_OFFSET, sequence)
            .putInt(SpoolFileDescriptor.PROCESS_LENGTH_OFFSET, processJson.length)
            .putInt(SpoolFileDescriptor.STREAM_LENGTH_OFFSET, streamJson.length)
            .putInt(SpoolFileDescriptor.BLOCK_LENGTH_OFFSET, block.length)
            .putInt(SpoolFileDescriptor.EVENT_COUNT_OFFSET, eventCount);
        final CRC32C crc = new CRC32C();
        crc.update(header.array());
        crc.update(processJson);
        crc.update(streamJson);
        crc.update(block);
        final ByteBuffer trailer = ByteBuffer.allocate(SpoolFileDescriptor.CRC_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0, (int) crc.getValue());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            final ByteBuffer[] parts = {header, ByteBuffer.wrap(processJson), ByteBuffer.wrap(streamJson),
                ByteBuffer.wrap(block), trailer};
            long remaining = SpoolFileDescriptor.fileLength(processJson.length, streamJson.length, block.length);
            while (remaining > 0) {
                remaining -= channel.write(parts);
            }
            channel.force(true);
        } catch (final IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        return target;
    }

    /** The block bytes of a spooled file, checked against its CRC. */
    byte[] readBlock(final Path file) throws IOException {
        final ByteBuffer content = checked(file);
        final int processLength = content.getInt(SpoolFileDescriptor.PROCESS_LENGTH_OFFSET);
        final int streamLength = content.getInt(SpoolFileDescriptor.STREAM_LENGTH_OFFSET);
        final int blockLength = content.getInt(SpoolFileDescriptor.BLOCK_LENGTH_OFFSET);
        final byte[] block = new byte[blockLength];
        content.get(SpoolFileDescriptor.HEADER_LENGTH + processLength + streamLength, block);
        return block;
    }

    void delete(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete spool file " + file + ": " + e);
        }
    }

    /**
     * Every intact block file of earlier runs, sorted by name (priority, then age); leftover
     * temporary files are deleted, corrupt files are deleted and counted in {@code corrupt}.
     */
    List<Entry> recover(final long[] corrupt) throws IOException {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
            for (final Path file : listing) {
                final String name = file.getFileName().toString();
                if (name.endsWith(SpoolFileDescriptor.TEMP_SUFFIX)) {
                    Files.deleteIfExists(file); // a write that never completed: its block was never acknowledged as spooled
                } else if (name.endsWith(SpoolFileDescriptor.SUFFIX)) {
                    files.add(file);
                }
            }
        }
        files.sort(null);
        final List<Entry> entries = new ArrayList<>(files.size());
        for (final Path file : files) {
            try {
                entries.add(readEntry(file));
            } catch (final IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "deleting unreadable spool file " + file + ": " + e.getMessage());
                corrupt[0]++;
                Files.deleteIfExists(file);
            }
        }
        return entries;
    }

    private Entry readEntry(final Path file) throws IOException {
        final ByteBuffer content = checked(file);
        final int processLength = content.getInt(SpoolFileDescriptor.PROCESS_LENGTH_OFFSET);
        final int streamLength = content.getInt(SpoolFileDescriptor.STREAM_LENGTH_OFFSET);
        final byte[] processJson = new byte[processLength];
        final byte[] streamJson = new byte[streamLength];
        content.get(SpoolFileDescriptor.HEADER_LENGTH, processJson);
        content.get(SpoolFileDescriptor.HEADER_LENGTH + processLength, streamJson);
        final RegisterProcessRequest process = IngestJson.parseRegisterProcess(processJson);
        final RegisterStreamRequest stream = IngestJson.parseRegisterStream(streamJson);
        final String name = file.getFileName().toString();
        final UUID blockId = UUID.fromString(name.substring(name.length() - SpoolFileDescriptor.SUFFIX.length() - 36,
            name.length() - SpoolFileDescriptor.SUFFIX.length()));
        return new Entry(file, content.get(SpoolFileDescriptor.PRIORITY_OFFSET),
            content.getLong(SpoolFileDescriptor.SEQUENCE_OFFSET), process, stream, blockId,
            content.getInt(SpoolFileDescriptor.BLOCK_LENGTH_OFFSET), content.getInt(SpoolFileDescriptor.EVENT_COUNT_OFFSET),
            content.capacity());
    }

    /** The whole file, its magic, version, lengths and CRC verified. */
    private static ByteBuffer checked(final Path file) throws IOException {
        final long size = Files.size(file);
        if (size < SpoolFileDescriptor.HEADER_LENGTH + SpoolFileDescriptor.CRC_LENGTH || size > Integer.MAX_VALUE) {
            throw new IOException("spool file of " + size + " bytes");
        }
        final ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (content.getInt(SpoolFileDescriptor.MAGIC_OFFSET) != SpoolFileDescriptor.MAGIC) {
            throw new IOException("not a spool file (magic)");
        }
        if (content.getShort(SpoolFileDescriptor.VERSION_OFFSET) != SpoolFileDescriptor.VERSION) {
            throw new IOException("spool file version " + content.getShort(SpoolFileDescriptor.VERSION_OFFSET));
        }
        final long processLength = content.getInt(SpoolFileDescriptor.PROCESS_LENGTH_OFFSET);
        final long streamLength = content.getInt(SpoolFileDescriptor.STREAM_LENGTH_OFFSET);
        final long blockLength = content.getInt(SpoolFileDescriptor.BLOCK_LENGTH_OFFSET);
        if (processLength < 0 || streamLength < 0 || blockLength < 0 || processLength > SpoolFileDescriptor.MAX_METADATA_LENGTH
            || streamLength > SpoolFileDescriptor.MAX_METADATA_LENGTH
            || SpoolFileDescriptor.HEADER_LENGTH + processLength + streamLength + blockLength
            + SpoolFileDescriptor.CRC_LENGTH != size) {
            throw new IOException("spool file lengths do not add up to its size " + size);
        }
        final CRC32C crc = new CRC32C();
        crc.update(content.array(), 0, (int) size - SpoolFileDescriptor.CRC_LENGTH);
        if ((int) crc.getValue() != content.getInt((int) size - SpoolFileDescriptor.CRC_LENGTH)) {
            throw new IOException("spool file checksum mismatch");
        }
        return content;
    }

    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (final IOException e) {
            // some file systems cannot open a directory; the rename is atomic all the same
        }
    }

    static byte[] json(final String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (final IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot release the spool lock: " + e);
        }
    }
}
