package io.lakeobs.tracing.sink;

import java.util.Map;
import java.util.UUID;

/**
 * What the backend stores about a process, sent once before any stream: identity, where it
 * runs, and its clock. Event times are raw clock values and block header ticks are relative to
 * {@code startTicks}; both convert to wall time as
 * {@code startTimeNanos + (raw - startTicks) * 1e9 / ticksPerSecond}.
 *
 * @param processId random id of this process
 * @param parentProcessId id of the process that started this one (from the
 *                        {@code LAKEOBS_PARENT_PROCESS_ID} environment variable), or null
 * @param exe the executable: the main class or jar
 * @param username the OS user
 * @param computer the host name
 * @param os operating system name, version and architecture
 * @param cpu processor description (model when known, else architecture and core count)
 * @param jvm runtime vendor and version
 * @param startTimeNanos wall time when tracing started, ns since the epoch
 * @param startTicks raw clock value at that instant; block ticks are relative to it
 * @param ticksPerSecond the clock frequency
 * @param properties process properties from configuration and the environment
 */
public record ProcessInfo(UUID processId, UUID parentProcessId, String exe, String username, String computer,
                          String os, String cpu, String jvm, long startTimeNanos, long startTicks, long ticksPerSecond,
                          Map<String, String> properties) {
    public ProcessInfo {
        properties = Map.copyOf(properties);
    }
}
