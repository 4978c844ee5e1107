package io.lakeobs.uploader;

import java.util.HashSet;
import java.util.Set;

/**
 * Logs each kind of uploader trouble once: a failing backend or disk repeats the same failure
 * for every block, and the counters and drop metrics already say how often. Used by the upload
 * loop's thread only.
 */
final class WarnOnce {
    private static final System.Logger LOG = System.getLogger(Uploader.class.getName());

    private final Set<String> loggedKeys = new HashSet<>();

    /** Logs {@code message} unless a message with the same {@code key} was logged already. */
    void warn(final String key, final String message) {
        if (loggedKeys.add(key)) {
            LOG.log(System.Logger.Level.WARNING, "lakeobs uploader: " + message);
        }
    }
}
