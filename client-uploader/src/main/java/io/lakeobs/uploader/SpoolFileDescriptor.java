package io.lakeobs.uploader;

/**
 * Layout of one spool file: a block with everything needed to upload it after a restart (its
 * process's and stream's registration bodies), little-endian, checked by a CRC32C at the end.
 *
 * <pre>
 *   0      4      6    7     8              16           20          24         28          32
 *   | magic | ver | pri | 0  |  sequence    | processLen | streamLen | blockLen | eventCount |
 *   | process registration JSON | stream registration JSON | block bytes | u32 CRC32C of all before |
 * </pre>
 *
 * File names are {@code {priority}-{sequence as 16 hex digits}-{blockId}.block}: sorting the
 * names sorts by priority, then age. A file is written as {@code name.tmp}, forced to disk and
 * renamed atomically, so a crash leaves either the whole file or a {@code .tmp} that the next
 * start deletes.
 */
final class SpoolFileDescriptor {
    static final int MAGIC = 0x3153_4B4C; // "LKS1" in little-endian bytes
    static final short VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int PRIORITY_OFFSET = 6;
    static final int SEQUENCE_OFFSET = 8;
    static final int PROCESS_LENGTH_OFFSET = 16;
    static final int STREAM_LENGTH_OFFSET = 20;
    static final int BLOCK_LENGTH_OFFSET = 24;
    static final int EVENT_COUNT_OFFSET = 28;
    static final int HEADER_LENGTH = 32;
    static final int CRC_LENGTH = 4;
    static final String SUFFIX = ".block";
    static final String TEMP_SUFFIX = ".tmp";
    static final String LOCK_FILE = "spool.lock";
    /** Largest metadata part accepted when reading (registration bodies are at most 1 MiB). */
    static final int MAX_METADATA_LENGTH = 1 << 20;

    private SpoolFileDescriptor() {
    }

    static String fileName(final int priority, final long sequence, final java.util.UUID blockId) {
        return priority + "-" + String.format("%016x", sequence) + "-" + blockId + SUFFIX;
    }

    static int fileLength(final int processLength, final int streamLength, final int blockLength) {
        return HEADER_LENGTH + processLength + streamLength + blockLength + CRC_LENGTH;
    }
}
