package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.PppdExtraOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pppd command line, as an argument array (no shell, no options file): everything the daemon
 * decides is visible in {@code ps}, nothing has to be kept in sync on disk, and each value is one array
 * element so no quoting layer exists. The single exception is the {@code connect} option, whose value
 * pppd itself runs through {@code /bin/sh -c}; its two paths are validated and quoted here. Pure.
 */
final class PppOptions {
    /** pppd's {@code linkname}: pid file {@code /var/run/ppp-failberry.pid}; also the {@code ipparam}. */
    public static final String LINK_NAME = "failberry";

    static final Pattern TTY = Pattern.compile("/[A-Za-z0-9/._:+@-]{1,250}");
    static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9/._+@:=-]+");
    static final Pattern UNIT = Pattern.compile("ppp(\\d{1,3})");
    static final Pattern IFNAME = Pattern.compile("[a-z][a-z0-9]{0,14}");

    private PppOptions() {}

    /**
     * The full argument array, starting with the pppd executable.
     *
     * @param tty        the data port pppd dials on (discovered or configured)
     * @param chatScript where {@link ChatScript#render} was written
     */
    public static List<String> arguments(
            FailberryConfig.Modem modem, FailberryConfig.Ppp ppp, PppdVersion version, String tty, Path chatScript) {
        if (tty == null || !TTY.matcher(tty).matches() || tty.contains("..")) {
            throw new IllegalArgumentException("invalid data port " + tty);
        }
        List<String> a = new ArrayList<>();
        a.add(ppp.pppd().toString());
        a.add(tty);
        a.add(Integer.toString(modem.baud()));
        a.add("nodetach");
        a.add("noauth");
        a.add("lock");
        a.add(modem.flowControl() == FailberryConfig.FlowControl.RTS_CTS ? "crtscts" : "nocrtscts");
        a.add("noipdefault");
        if (ppp.defaultRoute()) {
            a.add("defaultroute");
            if (version.hasDefaultRouteMetric()) {
                a.add("defaultroute-metric");
                a.add(Integer.toString(ppp.defaultRouteMetric()));
            } else {
                a.add("replacedefaultroute");
            }
        }
        if (ppp.usePeerDns()) {
            a.add("usepeerdns");
        }
        if (ppp.lcpEchoInterval() > 0 && ppp.lcpEchoFailure() > 0) {
            a.add("lcp-echo-interval");
            a.add(Integer.toString(ppp.lcpEchoInterval()));
            a.add("lcp-echo-failure");
            a.add(Integer.toString(ppp.lcpEchoFailure()));
        }
        Matcher unit = UNIT.matcher(ppp.interfaceName());
        if (unit.matches()) {
            a.add("unit");
            a.add(Integer.toString(Integer.parseInt(unit.group(1))));
        } else if (IFNAME.matcher(ppp.interfaceName()).matches()) {
            a.add("ifname");
            a.add(ppp.interfaceName());
        } else {
            throw new IllegalArgumentException("invalid interface name " + ppp.interfaceName());
        }
        a.add("linkname");
        a.add(LINK_NAME);
        a.add("ipparam");
        a.add(LINK_NAME);
        a.add("connect");
        a.add(shellWord(ppp.chat().toString()) + " -v -s -f " + shellWord(chatScript.toString()));
        List<String> refused = PppdExtraOptions.problems(ppp.extraOptions());
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("refusing ppp.extra-options: " + refused.get(0));
        }
        a.addAll(ppp.extraOptions());
        return List.copyOf(a);
    }

    /** A path as one /bin/sh word: bare when harmless, otherwise single-quoted. */
    static String shellWord(String s) {
        if (SHELL_SAFE.matcher(s).matches()) {
            return s;
        }
        if (s.isEmpty() || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("unsafe path for pppd connect: " + s.replaceAll("\\p{Cntrl}", "?"));
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
