package io.lakeobs.transit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import io.lakeobs.transit.telemetry.LogEvent;

/**
 * Any bytes given to the readers as a block either decode or fail with
 * {@link TransitFormatException}; any other exception, hang or out-of-memory is a finding.
 * Each input is read as is, then again with its checksums recomputed, so the fuzzer gets past
 * the CRCs into the header, decompression and framing checks.
 *
 * <p>In {@code make test} this runs in regression mode over the committed inputs
 * ({@code BlockReaderFuzzTestInputs/readsAnyBlock}: the golden blocks and every past finding);
 * {@code make fuzz} fuzzes it.
 */
class BlockReaderFuzzTest {
    private static final StreamDeclarations DECLARATIONS = TelemetryTypes.declarations();
    private final BlockReader blockReader = new BlockReader();
    private final TelemetryReader telemetryReader = new TelemetryReader();
    private final TelemetryVisitor renderEverything = new TelemetryVisitor() {
        @Override
        public void onLog(final LogEvent log) {
            log.message(); // renders the arguments, the least trusting path of a log
        }
    };

    @FuzzTest(maxDuration = "10m")
    void readsAnyBlock(final byte[] data) {
        read(data);
        read(Sealing.seal(data));
    }

    private void read(final byte[] block) {
        try {
            blockReader.read(block, 0, block.length, DECLARATIONS, object -> { });
        } catch (final TransitFormatException expected) {
            // malformed input is reported with a reason: the one allowed outcome besides success
        }
        try {
            telemetryReader.read(block, 0, block.length, DECLARATIONS, renderEverything);
        } catch (final TransitFormatException expected) {
            // as above
        }
    }
}
