package io.lakeobs.uploader;

import io.lakeobs.tracing.CrashRecovery;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * {@code java -cp <the application's class path> io.lakeobs.uploader.RecoverCommand}: with the
 * application's {@code LAKEOBS_*} variables, sends what crashed processes recorded crash-safe
 * in the spool (their spooled blocks and their rings), for a supervisor to run after a crash
 * when the application itself does not restart. Prints what it recovered; exits 2, with the
 * reason and no stack trace, when the variables cannot be read or name no spool directory.
 */
public final class RecoverCommand {
    private RecoverCommand() {
    }

    public static void main(final String[] args) {
        System.exit(run(System.getenv(), System.out, System.err));
    }

    /** Recovers with the variables of {@code env}; returns the exit status. */
    static int run(final Map<String, String> env, final PrintStream out, final PrintStream err) {
        final Uploader uploader;
        try {
            uploader = Uploader.builder().fromEnvironment(env).build();
        } catch (final IllegalArgumentException | IllegalStateException e) {
            err.println("recover: " + e.getMessage());
            return 2;
        }
        try {
            final CrashRecovery.Report report = uploader.recoverCrashedProcesses();
            out.println("recovered " + report.events() + " events of " + report.streams() + " streams of "
                + report.processes() + " processes (" + report.unreadable() + " files unreadable)");
            return 0;
        } catch (final IllegalStateException e) {
            err.println("recover: " + e.getMessage() + " (set " + UploaderEnv.SPOOL_DIR + " as the application does)");
            return 2;
        } finally {
            uploader.shutdown(Duration.ofSeconds(30));
        }
    }
}
