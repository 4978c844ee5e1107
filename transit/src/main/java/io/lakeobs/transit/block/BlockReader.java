package io.lakeobs.transit.block;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;


/**
 * Decodes a block from untrusted bytes into one callback per event, resolving references to the
 * block's own dependencies. It validates everything before the first callback (header, checksum,
 * decompression sizes, framing, references), so a visitor never sees half of a corrupt block, and
 * any problem is a {@link TransitFormatException}. Reuse one reader per thread: its buffers grow
 * to the largest block seen and nothing is allocated per event.
 */
public final class BlockReader {
    private final UnsafeBuffer headerBuffer = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer dependenciesBuffer = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer objectsBuffer = new UnsafeBuffer(new byte[0]);
    private final DependencyIndex dependencies = new DependencyIndex();
    private final CRC32C crc = new CRC32C();
    private final ObjectView view = new ObjectView();
    private final SectionWalker.Visitor indexDependency = dependencies::add;
    private final SectionWalker.Visitor check = this::checkEvent;
    private byte[] dependencyBytes = new byte[0];
    private byte[] objectBytes = new byte[0];
    private SectionWalker walker;
    private ObjectHandler handler;
    private final SectionWalker.Visitor dispatch = this::dispatch;

    /**
     * Validates the whole block, then calls {@code handler} once per event in order.
     *
     * @return the block's header
     * @throws TransitFormatException when anything about the block is wrong; the handler has then not been called
     */
    public BlockHeader read(final byte[] block, final int offset, final int length, final StreamDeclarations declarations,
                            final ObjectHandler handler) {
        return read(block, offset, length, declarations, null, handler);
    }

    /**
     * As {@link #read(byte[], int, int, StreamDeclarations, ObjectHandler)}, with {@code checker}
     * called on every event during validation, before any call to {@code handler}: a checker that
     * throws {@link TransitFormatException} rejects the block before it is visited.
     */
    public BlockHeader read(final byte[] block, final int offset, final int length, final StreamDeclarations declarations,
                            final ObjectHandler checker, final ObjectHandler handler) {
        this.handler = checker;
        final BlockHeader header;
        try {
            header = decompressAndValidate(block, offset, length, declarations);
        } finally {
            this.handler = null;
        }
        this.handler = handler;
        try {
            walker.visitValidated(objectsBuffer, header.objectsSize(), dispatch);
        } finally {
            this.handler = null;
        }
        return header;
    }

    /** Validates the whole block without visiting its events. */
    public BlockHeader validate(final byte[] block, final int offset, final int length, final StreamDeclarations declarations) {
        this.handler = null;
        return decompressAndValidate(block, offset, length, declarations);
    }

    private BlockHeader decompressAndValidate(final byte[] block, final int offset, final int length,
                                              final StreamDeclarations declarations) {
        if (!(offset >= 0 && length >= 0 && (long) offset + length <= block.length)) {
            throw new TransitFormatException("block range outside the array");
        }
        headerBuffer.wrap(block, offset, length);
        final BlockHeader header = BlockHeader.decode(headerBuffer, 0, length);
        if (header.blockLength() != length) {
            throw new TransitFormatException("block is " + length + " bytes, header says " + header.blockLength());
        }
        crc.reset();
        crc.update(block, offset + BlockHeaderDescriptor.HEADER_LENGTH, length - BlockHeaderDescriptor.HEADER_LENGTH);
        if ((int) crc.getValue() != header.payloadChecksum()) {
            throw new TransitFormatException("payload checksum mismatch");
        }

        dependencyBytes = ensure(dependencyBytes, header.dependenciesSize());
        objectBytes = ensure(objectBytes, header.objectsSize());
        final int dependenciesStart = offset + BlockHeaderDescriptor.dependenciesOffset();
        decompress(header, block, dependenciesStart, header.dependenciesCompressedSize(), dependencyBytes, header.dependenciesSize());
        decompress(header, block, dependenciesStart + header.dependenciesCompressedSize(), header.objectsCompressedSize(),
            objectBytes, header.objectsSize());
        dependenciesBuffer.wrap(dependencyBytes, 0, header.dependenciesSize());
        objectsBuffer.wrap(objectBytes, 0, header.objectsSize());

        if (walker == null || walker.declarations() != declarations) {
            walker = new SectionWalker(declarations);
        }
        dependencies.reset(dependenciesBuffer);
        walker.walk(dependenciesBuffer, 0, header.dependenciesSize(), TypeDeclaration.Role.DEPENDENCY, null, indexDependency);
        final int count = walker.walk(objectsBuffer, 0, header.objectsSize(), TypeDeclaration.Role.EVENT, dependencies,
            handler == null ? null : check);
        if (count != header.objectCount()) {
            throw new TransitFormatException("block holds " + count + " events, header says " + header.objectCount());
        }
        return header;
    }

    private static void decompress(final BlockHeader header, final byte[] block, final int start, final int compressedLength,
                                   final byte[] target, final int size) {
        if (size == 0) {
            return;
        }
        header.compression().decompress(block, start, compressedLength, target, size);
    }

    private void checkEvent(final TypeDeclaration type, final int bodyOffset, final int bodyLength) {
        if (handler != null) {
            dispatch(type, bodyOffset, bodyLength);
        }
    }

    private void dispatch(final TypeDeclaration type, final int bodyOffset, final int bodyLength) {
        view.wrap(objectsBuffer, type, bodyOffset, bodyLength, dependencies);
        handler.onObject(view);
    }

    private static byte[] ensure(final byte[] current, final int size) {
        return current.length >= size ? current
            : new byte[Math.max(size, Math.min(current.length * 2, io.lakeobs.transit.TransitLimits.MAX_SECTION_UNCOMPRESSED))];
    }
}
