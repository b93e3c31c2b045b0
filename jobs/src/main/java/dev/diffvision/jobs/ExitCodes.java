package dev.diffvision.jobs;

/**
 * The exit codes of every DiffVision job and command: {@value #OK} success, {@value #FAILURE} failure,
 * {@value #USAGE} usage or configuration error (nothing was run). A caught failure never exits {@value #OK}.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command started but failed (an exception, or every row of a job failed). */
    public static final int FAILURE = 1;
    /** Bad options or configuration, found before any work started. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
