package io.lakeobs.local.cli;

/** A command's failure with its exit status ({@link ExitCodes}); the message is printed as is. */
final class CliException extends RuntimeException {
    private final int status;

    CliException(final int status, final String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
