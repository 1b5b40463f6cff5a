package dev.failberry.cli;

/** The exit codes of every command (see the interface document). */
final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** The command ran but the answer is negative (link down, ERROR from the modem, ...). */
    public static final int NEGATIVE = 1;
    /** Usage or configuration error. */
    public static final int USAGE = 2;
    /** Could not reach what it needs: the daemon, the modem port, the AWS endpoint. */
    public static final int UNREACHABLE = 3;

    private ExitCode() {}
}
