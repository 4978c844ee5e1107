package io.lakeobs.tracing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether a thread is virtual, on a library compiled for Java 17: {@code Thread.isVirtual()}
 * exists from Java 21 on, so it is looked up once, at class initialisation, as a method handle
 * in a static final field (which the JIT treats as a constant). On Java 17 to 20 no thread is
 * virtual. Asked only when a call site's per-thread lookup misses, never on the hit path of
 * platform threads.
 */
final class VirtualThreads {
    /** {@code Thread.isVirtual()}, or null before Java 21. */
    private static final MethodHandle IS_VIRTUAL = lookup();
    /** Whether this JVM has virtual threads at all. */
    static final boolean SUPPORTED = IS_VIRTUAL != null;

    private VirtualThreads() {
    }

    static boolean isVirtual(final Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (final Throwable impossible) { // a plain getter
            return false;
        }
    }

    private static MethodHandle lookup() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (final NoSuchMethodException | IllegalAccessException beforeJava21) {
            return null;
        }
    }
}
