package io.lakeobs.uploader;

import io.lakeobs.protocol.IngestLimits;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracing's process and stream metadata as the ingest API's registration bodies, trimmed to the
 * API's limits so that a long property can never make a whole process unregistrable.
 */
final class Metadata {
    private Metadata() {
    }

    static RegisterProcessRequest process(final ProcessInfo p) {
        return new RegisterProcessRequest(new io.lakeobs.protocol.ProcessInfo(p.processId(), text(p.exe()),
            text(p.username()), text(p.computer()), text(p.os()), text(p.cpu()), text(p.jvm()), p.startTimeNanos(),
            p.ticksPerSecond(), p.startTicks(), p.parentProcessId(), properties(p.properties())));
    }

    static RegisterStreamRequest stream(final StreamInfo s) {
        final List<String> tags = s.tags().stream().filter(tag -> !tag.isEmpty())
            .map(tag -> tag.length() > IngestLimits.MAX_NAME_CHARS ? tag.substring(0, IngestLimits.MAX_NAME_CHARS) : tag)
            .limit(IngestLimits.MAX_TAGS).toList();
        return new RegisterStreamRequest(s.streamId(), s.processId(), tags, properties(s.properties()),
            s.declarations().encode());
    }

    private static String text(final String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        return value.length() > IngestLimits.MAX_TEXT_CHARS ? value.substring(0, IngestLimits.MAX_TEXT_CHARS) : value;
    }

    private static Map<String, String> properties(final Map<String, String> properties) {
        final Map<String, String> result = new LinkedHashMap<>();
        for (final Map.Entry<String, String> entry : new TreeMap<>(properties).entrySet()) {
            if (result.size() == IngestLimits.MAX_PROPERTIES) {
                break;
            }
            final String key = entry.getKey();
            if (key.isEmpty() || key.length() > IngestLimits.MAX_NAME_CHARS || entry.getValue() == null) {
                continue;
            }
            result.put(key, text(entry.getValue()));
        }
        return result;
    }
}
