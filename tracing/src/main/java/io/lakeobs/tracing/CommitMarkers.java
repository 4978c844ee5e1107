package io.lakeobs.tracing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

/**
 * Whether commits store the crash-recovery commit marker ({@link Ring#commit}), as a constant
 * the JIT folds rather than a field each commit tests. Off until a crash-safe runtime is created
 * in this JVM: every commit is then the in-memory ring's one release store, with no test of the
 * ring. Once on (for the life of the JVM), every commit also stores the tail in its ring's memory,
 * again without a test: the commit marker of a mapped ring, and a harmless store into the same
 * slot of a ring in process memory. Turning it on deoptimizes the compiled commits once.
 */
final class CommitMarkers {
    private static final MutableCallSite STATE = new MutableCallSite(MethodHandles.constant(boolean.class, false));
    /** The call site's target, which C2 inlines as a constant (and recompiles when it changes). */
    private static final MethodHandle ON = STATE.dynamicInvoker();

    private CommitMarkers() {
    }

    static boolean on() {
        try {
            return (boolean) ON.invokeExact();
        } catch (final Throwable impossible) { // a constant
            throw new AssertionError(impossible);
        }
    }

    /** Before the first mapped ring exists; every thread sees it on when this returns. */
    static synchronized void turnOn() {
        if (!on()) {
            STATE.setTarget(MethodHandles.constant(boolean.class, true));
            MutableCallSite.syncAll(new MutableCallSite[] {STATE});
        }
    }
}
