package dev.failberry.sim;

import dev.failberry.proc.ThisJvm;

/** What the stand-in executables need to start a JVM like the running one, from any directory. */
public final class Launchers {
    private Launchers() {}

    public static String javaBinary() {
        return ThisJvm.javaBinary();
    }

    /** The running class path with every entry made absolute ({@code java -jar target/x.jar} is relative). */
    public static String absoluteClassPath() {
        return ThisJvm.absoluteClassPath();
    }
}
