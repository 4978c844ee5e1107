package io.lakeobs.transit.fuzz;

import io.lakeobs.transit.block.BlockHeaderDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Recomputes both checksums of a (possibly mangled) block, so fuzzing and malformed-input tests
 * reach the structural checks behind the checksums instead of stopping at them.
 */
public final class Sealing {
    private Sealing() {
    }

    /** A copy of {@code block} with valid payload and header checksums; blocks shorter than a header are copied as is. */
    public static byte[] seal(final byte[] block) {
        final byte[] sealed = block.clone();
        if (sealed.length < BlockHeaderDescriptor.HEADER_LENGTH) {
            return sealed;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(sealed).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C payload = new CRC32C();
        payload.update(sealed, BlockHeaderDescriptor.HEADER_LENGTH, sealed.length - BlockHeaderDescriptor.HEADER_LENGTH);
        buffer.putInt(BlockHeaderDescriptor.PAYLOAD_CHECKSUM_OFFSET, (int) payload.getValue());
        final CRC32C header = new CRC32C();
        header.update(sealed, 0, BlockHeaderDescriptor.HEADER_CHECKSUM_OFFSET);
        buffer.putInt(BlockHeaderDescriptor.HEADER_CHECKSUM_OFFSET, (int) header.getValue());
        return sealed;
    }
}
