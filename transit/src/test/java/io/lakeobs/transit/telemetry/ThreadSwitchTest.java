package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** thread_switch: decoded as a switch of the current thread, counted as an other object, never as a log, metric or span. */
class ThreadSwitchTest {
    @Test
    void switchesAttributeTheEventsAfterThemAndAreNotCountedAsTelemetry() {
        final byte[] callSite = DependencyEncoder.logCallSite(1, Level.INFO, 1, "vt", "hello", "VT.java");
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(256);
        int i = EventEncoder.threadSwitch(events, 0, 77, 100);
        i = EventEncoder.logStatic(events, i, 1, 101);
        i = EventEncoder.threadSwitch(events, i, 1L << 40, 102);
        i = EventEncoder.logStatic(events, i, 1, 103);
        final byte[] block = encode(events, i, TelemetryTypes.declarations(), callSite);

        final List<String> seen = new ArrayList<>();
        final BlockHeader header = new TelemetryReader().read(block, 0, block.length, TelemetryTypes.declarations(),
            new TelemetryVisitor() {
                @Override
                public void onThreadSwitch(final long threadId) {
                    seen.add("switch " + threadId);
                }

                @Override
                public void onLog(final LogEvent log) {
                    seen.add("log " + log.ticks());
                }
            });
        assertThat(seen).containsExactly("switch 77", "log 101", "switch 1099511627776", "log 103");
        assertThat(header.objectCount()).isEqualTo(4);
        assertThat(header.summary().logCount()).isEqualTo(2);
    }

    @Test
    void aThreadSwitchDeclaredWithoutItsThreadIdIsSkippedNotMisread() {
        final List<TypeDeclaration> types = new ArrayList<>();
        for (final TypeDeclaration type : TelemetryTypes.declarations().types()) {
            types.add(type.name().equals("thread_switch")
                ? new TypeDeclaration(type.typeId(), "thread_switch", TypeDeclaration.Role.EVENT, false, 16, List.of(
                    MemberDeclaration.fixed("thread", MemberType.I64, 0), MemberDeclaration.fixed("time", MemberType.I64, 8)))
                : type);
        }
        final StreamDeclarations declarations = StreamDeclarations.of(types);
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(64);
        final int end = EventEncoder.threadSwitch(events, 0, 77, 100);
        final byte[] block = encode(events, end, declarations, null);
        final List<String> seen = new ArrayList<>();
        new TelemetryReader().read(block, 0, block.length, declarations, new TelemetryVisitor() {
            @Override
            public void onThreadSwitch(final long threadId) {
                seen.add("switch");
            }

            @Override
            public void onOther(final io.lakeobs.transit.block.ObjectView object) {
                seen.add("other " + object.type().name());
            }
        });
        assertThat(seen).containsExactly("other thread_switch");
    }

    private static byte[] encode(final ExpandableArrayBuffer events, final int length, final StreamDeclarations declarations,
                                 final byte[] callSite) {
        final BlockSpan span = new BlockSpan(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1000, 2000, 0, 10, 0);
        return new BlockEncoder(Compression.NONE, new TelemetrySummarizer()).encode(span, declarations, events, 0, length,
            (id, buffer, index) -> {
                buffer.putBytes(index, callSite);
                return callSite.length;
            });
    }
}
