package io.lakeobs.transit.block;

import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Turns a run of raw events (the bytes a tracing buffer holds) into a self-contained block:
 * gathers the dependencies the events reference, in first-use order, computes the summary,
 * compresses both sections and writes the header. Runs on the sink's thread; one instance per
 * thread, its scratch buffers reused.
 */
public final class BlockEncoder {
    private final Compression compression;
    private final BlockSummarizer summarizer;
    private final ExpandableArrayBuffer dependencies = new ExpandableArrayBuffer(64 * 1024);
    private final ExpandableArrayBuffer objects = new ExpandableArrayBuffer(1024 * 1024);
    private final IntHashSet seen = new IntHashSet();
    private final IntArrayList order = new IntArrayList();
    private final DependencyIndex dependencyIndex = new DependencyIndex();
    private final ObjectView view = new ObjectView();
    private byte[] scratch = new byte[0];
    private SectionWalker walker;
    private DirectBuffer walked;
    private final SectionWalker.Visitor collectReferences = this::collectReferences;
    private final SectionWalker.Visitor summarize = this::summarize;

    public BlockEncoder(final Compression compression, final BlockSummarizer summarizer) {
        this.compression = compression;
        this.summarizer = summarizer;
    }

    public Compression compression() {
        return compression;
    }

    /**
     * Encodes {@code events[offset, offset + length)} as one block.
     *
     * @return the block bytes, exactly sized
     * @throws io.lakeobs.transit.TransitFormatException when the events do not match the declarations (a writer bug)
     */
    public byte[] encode(final BlockSpan span, final StreamDeclarations declarations, final DirectBuffer events,
                         final int offset, final int length, final DependencySource source) {
        if (walker == null || walker.declarations() != declarations) {
            walker = new SectionWalker(declarations);
        }
        objects.putBytes(0, events, offset, length);
        seen.clear();
        order.clear();
        walked = objects;
        final int objectCount = walker.walk(objects, 0, length, TypeDeclaration.Role.EVENT, null, collectReferences);

        int dependenciesLength = 0;
        for (int i = 0; i < order.size(); i++) {
            dependenciesLength += source.write(order.getInt(i), dependencies, dependenciesLength);
        }
        dependencyIndex.reset(dependencies);
        walker.walk(dependencies, 0, dependenciesLength, TypeDeclaration.Role.DEPENDENCY, null, dependencyIndex::add);
        summarizer.reset(declarations);
        walker.walk(objects, 0, length, TypeDeclaration.Role.EVENT, dependencyIndex, summarize);
        final BlockSummary summary = summarizer.summary();

        final int maxLength = BlockHeaderDescriptor.HEADER_LENGTH + compression.maxCompressedLength(dependenciesLength)
            + compression.maxCompressedLength(length);
        if (scratch.length < maxLength) {
            scratch = new byte[maxLength];
        }
        final int dependenciesStored = compress(dependencies.byteArray(), dependenciesLength, BlockHeaderDescriptor.HEADER_LENGTH);
        final int objectsStored = compress(objects.byteArray(), length, BlockHeaderDescriptor.HEADER_LENGTH + dependenciesStored);
        final int blockLength = BlockHeaderDescriptor.HEADER_LENGTH + dependenciesStored + objectsStored;
        final CRC32C crc = new CRC32C();
        crc.update(scratch, BlockHeaderDescriptor.HEADER_LENGTH, blockLength - BlockHeaderDescriptor.HEADER_LENGTH);
        final BlockHeader header = new BlockHeader(compression, objectCount, span.processId(), span.streamId(), span.blockId(),
            span.beginTimeNanos(), span.endTimeNanos(), span.beginTicks(), span.endTicks(), span.objectOffset(),
            dependenciesStored, dependenciesLength, objectsStored, length, summary, (int) crc.getValue());
        header.encode(new UnsafeBuffer(scratch), 0);
        final byte[] block = new byte[blockLength];
        System.arraycopy(scratch, 0, block, 0, blockLength);
        return block;
    }

    private int compress(final byte[] source, final int length, final int at) {
        return length == 0 ? 0 : compression.compress(source, length, scratch, at);
    }

    private void collectReferences(final TypeDeclaration type, final int bodyOffset, final int bodyLength) {
        for (final int referenceOffset : walker.referenceOffsets(type.typeId())) {
            final int id = walked.getInt(bodyOffset + referenceOffset, LITTLE_ENDIAN);
            if (seen.add(id)) {
                order.addInt(id);
            }
        }
    }

    private void summarize(final TypeDeclaration type, final int bodyOffset, final int bodyLength) {
        view.wrap(objects, type, bodyOffset, bodyLength, dependencyIndex);
        summarizer.onObject(view);
    }
}
