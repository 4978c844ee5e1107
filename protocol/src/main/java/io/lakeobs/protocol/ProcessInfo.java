package io.lakeobs.protocol;

import java.util.Map;
import java.util.UUID;

/**
 * What a process says about itself when it registers.
 *
 * @param processId unique id chosen by the process
 * @param exe executable or main class
 * @param username user the process runs as
 * @param computer host name
 * @param os operating system name and version
 * @param cpu CPU architecture / brand
 * @param jvm JVM vendor and version
 * @param startTimeNanos wall time at process start, ns since the epoch
 * @param tickFrequency clock ticks per second
 * @param startTicks clock ticks at process start
 * @param parentProcessId parent process, or null
 * @param properties free-form key/values
 */
public record ProcessInfo(UUID processId, String exe, String username, String computer, String os, String cpu,
                          String jvm, long startTimeNanos, long tickFrequency, long startTicks, UUID parentProcessId,
                          Map<String, String> properties) {
    public ProcessInfo {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
