package dev.failberry.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What {@code ppp.extra-options} may pass to pppd: an allow-list of options that only tune the link
 * (sizes, compression, negotiation timers and limits, IPv6, logging detail), each argument validated.
 * pppd runs as root; options that run a program ({@code plugin}, {@code connect}, {@code init},
 * {@code ip-up-script}, {@code net-init-script}, ...), read or write a file ({@code file},
 * {@code record}, {@code logfile}, {@code ca}), set the environment of its scripts ({@code set}) or undo
 * what the daemon decides ({@code persist}, {@code nodetach}, {@code linkname}) are not on it, so a
 * refusal names the option and why. Names and arguments from pppd(8), versions 2.4.9 and 2.5.x.
 * Pure.
 */
public final class PppdExtraOptions {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    /** An argument and what it must be. */
    private record Arg(Predicate<String> valid, String expected) {}

    private static Arg range(int min, int max) {
        return new Arg(
                s -> s.matches("\\d{1,6}") && Integer.parseInt(s) >= min && Integer.parseInt(s) <= max,
                "a whole number from " + min + " to " + max);
    }

    /** Options without an argument. */
    private static final Set<String> FLAGS = Set.of(
            // header and data compression (carriers' own choices rarely need changing)
            "novj",
            "novjccomp",
            "nobsdcomp",
            "nodeflate",
            "noccp",
            "nopcomp",
            "noaccomp",
            "nopredictor1",
            "nomppe",
            "nomagic",
            "noendpoint",
            "nomultilink",
            "nomp",
            "default-asyncmap",
            "default-mru",
            // IPv4 and IPv6 negotiation
            "+ipv6",
            "noipv6",
            "ipcp-accept-local",
            "ipcp-accept-remote",
            "noremoteip",
            "ipcp-no-address",
            "ipcp-no-addresses",
            "ipv6cp-accept-local",
            "ipv6cp-accept-remote",
            "ipv6cp-use-ipaddr",
            "ipv6cp-noremote",
            "ipv6cp-nosendip",
            "defaultroute6",
            "nodefaultroute6",
            "nosendip",
            "noresolvconf",
            // link monitoring and authentication towards the carrier
            "lcp-echo-adaptive",
            "refuse-pap",
            "refuse-chap",
            "refuse-mschap",
            "refuse-mschap-v2",
            "refuse-eap",
            "hide-password",
            "receive-all",
            // serial line control
            "local",
            "modem",
            // more detail in the log the daemon reads
            "debug");

    /** Options with one argument. */
    private static final Map<String, Arg> WITH_ARG = Map.ofEntries(
            Map.entry("mtu", range(128, 16384)),
            Map.entry("mru", range(128, 16384)),
            Map.entry("asyncmap", new Arg(s -> s.matches("(0x)?[0-9A-Fa-f]{1,8}"), "a 32-bit hexadecimal map")),
            Map.entry("lcp-restart", range(1, 600)),
            Map.entry("lcp-max-configure", range(1, 100)),
            Map.entry("lcp-max-failure", range(1, 100)),
            Map.entry("lcp-max-terminate", range(1, 100)),
            Map.entry("ipcp-restart", range(1, 600)),
            Map.entry("ipcp-max-configure", range(1, 100)),
            Map.entry("ipcp-max-failure", range(1, 100)),
            Map.entry("ipcp-max-terminate", range(1, 100)),
            Map.entry("ipv6cp-restart", range(1, 600)),
            Map.entry("ipv6cp-max-configure", range(1, 100)),
            Map.entry("ipv6cp-max-failure", range(1, 100)),
            Map.entry("ipv6cp-max-terminate", range(1, 100)),
            Map.entry("defaultroute6-metric", range(0, 65535)),
            Map.entry("connect-delay", range(0, 120000)),
            Map.entry("kdebug", range(0, 7)),
            Map.entry("user", new Arg(NAME.asMatchPredicate(), "a user name of letters, digits, '.', '_', '@', '-'")),
            Map.entry("name", new Arg(NAME.asMatchPredicate(), "a name of letters, digits, '.', '_', '@', '-'")),
            Map.entry("remotename", new Arg(NAME.asMatchPredicate(), "a name of letters, digits, '.', '_', '@', '-'")));

    /** Options the daemon sets from a key of its own: the key says it once. */
    private static final Map<String, String> OWN_KEY = Map.ofEntries(
            Map.entry("lcp-echo-interval", "ppp.lcp-echo-interval"),
            Map.entry("lcp-echo-failure", "ppp.lcp-echo-failure"),
            Map.entry("usepeerdns", "ppp.use-peer-dns"),
            Map.entry("defaultroute", "ppp.default-route"),
            Map.entry("nodefaultroute", "ppp.default-route"),
            Map.entry("replacedefaultroute", "ppp.default-route"),
            Map.entry("noreplacedefaultroute", "ppp.default-route"),
            Map.entry("defaultroute-metric", "ppp.default-route-metric"),
            Map.entry("unit", "ppp.interface"),
            Map.entry("ifname", "ppp.interface"),
            Map.entry("crtscts", "modem.flow-control"),
            Map.entry("nocrtscts", "modem.flow-control"),
            Map.entry("cdtrcts", "modem.flow-control"),
            Map.entry("nocdtrcts", "modem.flow-control"),
            Map.entry("xonxoff", "modem.flow-control"));

    /** Why well-known options are refused, for a message better than "not allowed". */
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("plugin", "it loads a program into pppd"),
            Map.entry("connect", "it runs a program (the daemon sets it)"),
            Map.entry("disconnect", "it runs a program"),
            Map.entry("init", "it runs a program"),
            Map.entry("welcome", "it runs a program"),
            Map.entry("pty", "it runs a program"),
            Map.entry("socket", "it connects pppd elsewhere"),
            Map.entry("init-chat", "it runs a chat script"),
            Map.entry("connect-chat", "it runs a chat script"),
            Map.entry("disconnect-chat", "it runs a chat script"),
            Map.entry("ip-up-script", "it runs a program"),
            Map.entry("ip-down-script", "it runs a program"),
            Map.entry("ip-pre-up-script", "it runs a program"),
            Map.entry("ipv6-up-script", "it runs a program"),
            Map.entry("ipv6-down-script", "it runs a program"),
            Map.entry("net-init-script", "it runs a program"),
            Map.entry("net-pre-up-script", "it runs a program"),
            Map.entry("net-down-script", "it runs a program"),
            Map.entry("file", "it reads options from a file"),
            Map.entry("call", "it reads options from a file"),
            Map.entry("record", "it writes a file"),
            Map.entry("logfile", "it writes a file"),
            Map.entry("lcp-rtt-file", "it writes a file"),
            Map.entry("ca", "it reads a file"),
            Map.entry("capath", "it reads files"),
            Map.entry("cert", "it reads a file"),
            Map.entry("key", "it reads a file"),
            Map.entry("crl", "it reads a file"),
            Map.entry("crl-dir", "it reads files"),
            Map.entry("set", "it sets the environment of pppd's scripts"),
            Map.entry("setenv", "it sets the environment of pppd's scripts"),
            Map.entry("unset", "it changes the environment of pppd's scripts"),
            Map.entry("password", "the password would show in ps (use /etc/ppp/pap-secrets or chap-secrets)"),
            Map.entry("show-password", "it logs secrets"),
            Map.entry("nolog", "the daemon reads pppd's log"),
            Map.entry("logfd", "the daemon reads pppd's log"),
            Map.entry("persist", "the daemon redials itself"),
            Map.entry("maxfail", "the daemon redials itself"),
            Map.entry("holdoff", "the daemon redials itself"),
            Map.entry("demand", "the daemon dials itself"),
            Map.entry("idle", "the daemon supervises the link"),
            Map.entry("maxconnect", "the daemon supervises the link"),
            Map.entry("nodetach", "the daemon sets it"),
            Map.entry("detach", "the daemon needs pppd in the foreground"),
            Map.entry("updetach", "the daemon needs pppd in the foreground"),
            Map.entry("up_sdnotify", "the daemon needs pppd in the foreground"),
            Map.entry("linkname", "the daemon sets it"),
            Map.entry("ipparam", "the daemon sets it"),
            Map.entry("lock", "the daemon sets it"),
            Map.entry("nolock", "the daemon sets it"),
            Map.entry("noipdefault", "the daemon sets it"),
            Map.entry("noauth", "the daemon sets it"),
            Map.entry("auth", "a mobile carrier does not authenticate itself to us"),
            Map.entry("notty", "the daemon gives pppd the modem's port"));

    /** The refused options that take an argument (pppd(8)): one problem for the pair, not two. */
    private static final Set<String> REFUSED_WITH_ARG = Set.of(
            "plugin",
            "connect",
            "disconnect",
            "init",
            "welcome",
            "pty",
            "socket",
            "init-chat",
            "connect-chat",
            "disconnect-chat",
            "ip-up-script",
            "ip-down-script",
            "ip-pre-up-script",
            "ipv6-up-script",
            "ipv6-down-script",
            "net-init-script",
            "net-pre-up-script",
            "net-down-script",
            "file",
            "call",
            "record",
            "logfile",
            "lcp-rtt-file",
            "ca",
            "capath",
            "cert",
            "key",
            "crl",
            "crl-dir",
            "set",
            "setenv",
            "unset",
            "password",
            "logfd",
            "maxfail",
            "holdoff",
            "idle",
            "maxconnect",
            "linkname",
            "ipparam",
            "lcp-echo-interval",
            "lcp-echo-failure",
            "defaultroute-metric",
            "unit",
            "ifname");

    private PppdExtraOptions() {}

    /** Every problem with the list, one sentence each; empty when pppd may be given it. */
    public static List<String> problems(List<String> elements) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            String option = elements.get(i);
            if (option.isEmpty() || option.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                problems.add("element " + quote(option) + ": one option or argument per element, without spaces or"
                        + " control characters (e.g. [\"mtu\", \"1400\"])");
                continue;
            }
            if (FLAGS.contains(option)) {
                continue;
            }
            Arg arg = WITH_ARG.get(option);
            if (arg != null) {
                if (i + 1 >= elements.size()) {
                    problems.add("option \"" + option + "\" needs a value: " + arg.expected());
                } else if (!arg.valid().test(elements.get(++i))) {
                    problems.add("option \"" + option + "\": invalid value " + quote(elements.get(i)) + ": expected "
                            + arg.expected());
                }
                continue;
            }
            if (REFUSED_WITH_ARG.contains(option) && i + 1 < elements.size()) {
                i++; // its argument is not an option of its own
            }
            String key = OWN_KEY.get(option);
            if (key != null) {
                problems.add("option \"" + option + "\" is set with failberry." + key + ", not here");
                continue;
            }
            String why = WHY.get(option);
            problems.add(
                    "option " + quote(option) + " is not allowed"
                            + (why != null
                                    ? ": " + why
                                    : ": not one of the link options pppd may be given here (see ppp.extra-options in reference.conf)"));
        }
        return problems;
    }

    private static String quote(String s) {
        return ConfigReader.quote(s);
    }
}
