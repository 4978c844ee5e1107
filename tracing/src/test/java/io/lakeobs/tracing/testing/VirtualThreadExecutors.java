package io.lakeobs.tracing.testing;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads for tests compiled for Java 17: {@code Executors.newVirtualThreadPerTaskExecutor()}
 * found by reflection. Tests call {@code assumeTrue(available(), SKIPPED)} first, so on Java 17
 * they skip with that one line; the build runs them on Temurin 25 where it is installed (the
 * {@code virtual-thread-tests} profile of the parent pom).
 */
public final class VirtualThreadExecutors {
    /** Why a virtual-thread test did not run. */
    public static final String SKIPPED = "virtual threads need Java 21+, this JVM is " + System.getProperty("java.version")
        + ": skipped (the build runs these tests on Temurin 25 when /usr/lib/jvm/temurin-25-jdk-amd64 exists)";

    private static final Method NEW_PER_TASK = find();

    private VirtualThreadExecutors() {
    }

    public static boolean available() {
        return NEW_PER_TASK != null;
    }

    /** An executor that starts a new virtual thread per task. */
    public static ExecutorService newPerTask() {
        try {
            return (ExecutorService) NEW_PER_TASK.invoke(null);
        } catch (final ReflectiveOperationException | NullPointerException e) {
            throw new IllegalStateException(SKIPPED, e);
        }
    }

    private static Method find() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (final NoSuchMethodException beforeJava21) {
            return null;
        }
    }
}
