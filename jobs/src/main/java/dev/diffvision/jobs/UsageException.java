package dev.diffvision.jobs;

/**
 * A configuration or usage problem found before any work starts: a missing input, an invalid pipeline spec, an
 * unwritable output, an unknown configuration key. Commands print its message and exit with
 * {@link ExitCodes#USAGE}.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and, where possible, how to fix it */
    UsageException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and, where possible, how to fix it
     * @param cause the underlying error
     */
    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
