package io.lakeobs.local.iam;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every AWS call the functions of a local stack made, as IAM permissions used, with how often:
 * what the template's policies must grant (nothing less, nothing more), and the request counts
 * the cost model is measured from. Thread-safe: handlers run on several threads.
 */
public final class CallRecorder {
    private final Map<AwsCall, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(final String principal, final String action, final String resource) {
        counts.computeIfAbsent(new AwsCall(principal, action, resource), call -> new LongAdder()).increment();
    }

    /** Each call (principal, action, resource) with how many times it was made, sorted. */
    public SortedMap<AwsCall, Long> counts() {
        final SortedMap<AwsCall, Long> sorted = new TreeMap<>();
        counts.forEach((call, count) -> sorted.put(call, count.sum()));
        return sorted;
    }
}
