package dev.failberry.proc;

import java.util.Map;

/**
 * The environment of the programs the daemon starts as root (pppd, and through it chat and the
 * /etc/ppp hooks; uhubctl; the reboot command): a fixed PATH and the C locale, nothing inherited. The
 * daemon's own environment carries AWS credentials (systemd's EnvironmentFile) that only the AWS
 * helper process needs ({@code SdkProcessBackend} keeps its full environment); pppd exports its
 * environment to every ip-up script, and a stray variable (LD_PRELOAD, a proxy setting) must not
 * change what a root program does. The C locale also keeps the output the daemon parses in English.
 */
public final class ChildEnvironment {
    /** Debian's root PATH, fixed rather than inherited. */
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ChildEnvironment() {}

    /** Replaces {@code pb}'s inherited environment with the minimal one (TZ is kept); returns {@code pb}. */
    public static ProcessBuilder minimal(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        String tz = env.get("TZ");
        env.clear();
        env.put("PATH", PATH);
        env.put("LC_ALL", "C");
        if (tz != null && tz.matches("[A-Za-z0-9/_+:.-]{1,64}")) {
            env.put("TZ", tz);
        }
        return pb;
    }
}
