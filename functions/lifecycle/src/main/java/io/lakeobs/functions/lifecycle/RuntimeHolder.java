package io.lakeobs.functions.lifecycle;

/** The lifecycle runtime of a Lambda container, built once from its environment (and captured by SnapStart). */
final class RuntimeHolder {
    static final LifecycleRuntime RUNTIME = LifecycleRuntime.fromEnv(System.getenv());

    private RuntimeHolder() {
    }
}
