package io.lakeobs.uploader;

import io.lakeobs.tracing.CrashRecovery;

import java.time.Duration;

/**
 * {@code java -cp <the application's class path> io.lakeobs.uploader.RecoverCommand}: with the
 * application's {@code LAKEOBS_*} variables, sends what crashed processes recorded crash-safe
 * in the spool (their spooled blocks and their rings), for a supervisor to run after a crash
 * when the application itself does not restart. Prints what it recovered.
 */
public final class RecoverCommand {
    private RecoverCommand() {
    }

    public static void main(final String[] args) {
        final Uploader uploader = Uploader.builder().fromEnvironment(System.getenv()).build();
        final CrashRecovery.Report report = uploader.recoverCrashedProcesses();
        System.out.println("recovered " + report.events() + " events of " + report.streams() + " streams of "
            + report.processes() + " processes (" + report.unreadable() + " files unreadable)");
        uploader.shutdown(Duration.ofSeconds(30));
    }
}
