package io.lakeobs.functions.views.etl;

import java.util.Map;
import java.util.UUID;

/**
 * What the views need of a process (from the processes table).
 *
 * @param startTimeNanos wall time at process start, ns since the epoch
 * @param startTicks raw clock value at that instant (event ticks are raw clock values)
 * @param ticksPerSecond clock frequency; 0 when unknown (times are then estimated from each block's header)
 * @param ownerKeyId the API key that registered the process; null when the catalog item has none
 */
public record ProcessMeta(UUID processId, UUID parentProcessId, String exe, String username, String computer,
                          String os, String cpu, String jvm, long startTimeNanos, long startTicks, long ticksPerSecond,
                          Map<String, String> properties, String ownerKeyId) {
    public ProcessMeta {
        exe = exe == null ? "" : exe;
        username = username == null ? "" : username;
        computer = computer == null ? "" : computer;
        os = os == null ? "" : os;
        cpu = cpu == null ? "" : cpu;
        jvm = jvm == null ? "" : jvm;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
