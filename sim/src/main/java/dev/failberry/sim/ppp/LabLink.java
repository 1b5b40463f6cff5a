package dev.failberry.sim.ppp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fake pppd's network side in the network lab: a real interface with the name pppd would give it, in
 * the network namespace pppd runs in (the lab's Pi), whose other end is in the carrier's namespace. A veth
 * pair set up like a point-to-point link: our address as /32 with the peer's address (the kernel adds the
 * peer route, as for ppp0), and the carrier end answering ARP for everything behind it (proxy ARP, from
 * the carrier namespace's {@code default} setting, which the lab sets). The default route is handled as
 * pppd does: {@code defaultroute} adds one only where there is none, {@code replacedefaultroute} (2.4.x)
 * replaces the existing one and puts it back at the end, {@code defaultroute-metric N} (2.5.x) adds one
 * with that metric beside the others. The interface goes when the link ends, as ppp0 does.
 */
final class LabLink {
    private final String ip;
    private final String carrierNs;
    private final String ifname;
    private final String carrierEnd;
    private final PrintStream out;
    private String replaced;
    private boolean up;

    LabLink(String ip, String carrierNs, String ifname, PrintStream out) {
        this.ip = ip;
        this.carrierNs = carrierNs;
        this.ifname = ifname;
        String end = "c" + ifname;
        this.carrierEnd = end.length() > 15 ? end.substring(0, 15) : end;
        this.out = out;
    }

    /**
     * Creates and configures the link and the default route; returns an error (null on success).
     *
     * @param metric {@code defaultroute-metric}, or null (pppd 2.4.x)
     */
    String up(String local, String remote, String ipv6, boolean defaultRoute, boolean replace, Integer metric) {
        // a pppd that was killed (SIGKILL) leaves no ppp0: the kernel removes the unit with its last user
        run(false, ip, "link", "del", ifname);
        String err = firstError(
                run(true, ip, "link", "add", ifname, "type", "veth", "peer", "name", carrierEnd, "netns", carrierNs),
                run(true, ip, "addr", "add", local + "/32", "peer", remote + "/32", "dev", ifname),
                run(true, ip, "link", "set", ifname, "up"),
                run(true, ip, "-n", carrierNs, "addr", "add", remote + "/32", "dev", carrierEnd),
                run(true, ip, "-n", carrierNs, "link", "set", carrierEnd, "up"),
                run(true, ip, "-n", carrierNs, "route", "replace", local + "/32", "dev", carrierEnd));
        if (err != null) {
            return err;
        }
        up = true;
        if (ipv6 != null) {
            err = firstError(
                    run(true, ip, "-6", "addr", "add", ipv6, "dev", ifname, "nodad"),
                    run(
                            true,
                            ip,
                            "-n",
                            carrierNs,
                            "-6",
                            "route",
                            "replace",
                            ipv6.replaceFirst("/\\d+$", "") + "/128",
                            "dev",
                            carrierEnd));
            if (err != null) {
                return err;
            }
        }
        if (defaultRoute) {
            defaultRoute(replace, metric);
        }
        return null;
    }

    private void defaultRoute(boolean replace, Integer metric) {
        String existing = firstLine(output(ip, "-4", "route", "show", "default"));
        if (metric != null) {
            String e = run(true, ip, "route", "add", "default", "dev", ifname, "metric", metric.toString());
            if (e != null) {
                out.println("not replacing existing default route via " + via(existing) + " with metric " + metric);
            }
            return;
        }
        if (existing != null && !replace) {
            out.println("not replacing existing default route via " + via(existing));
            return;
        }
        if (existing != null) {
            List<String> del = new ArrayList<>(List.of(ip, "route", "del"));
            del.addAll(List.of(existing.trim().split("\\s+")));
            run(false, del.toArray(String[]::new));
            replaced = existing.trim();
            out.println("replacing old default route to " + dev(existing) + " [" + via(existing) + "]");
        }
        run(true, ip, "route", "replace", "default", "dev", ifname);
    }

    /** Removes the interface (its routes go with it) and puts a replaced default route back. */
    void down() {
        if (!up) {
            return;
        }
        up = false;
        run(false, ip, "link", "del", ifname);
        if (replaced != null) {
            List<String> add = new ArrayList<>(List.of(ip, "route", "add"));
            add.addAll(List.of(replaced.split("\\s+")));
            run(false, add.toArray(String[]::new));
            replaced = null;
        }
    }

    private static String via(String route) {
        String[] t = route == null ? new String[0] : route.trim().split("\\s+");
        for (int i = 0; i + 1 < t.length; i++) {
            if (t[i].equals("via")) {
                return t[i + 1];
            }
        }
        return "0.0.0.0";
    }

    private static String dev(String route) {
        String[] t = route.trim().split("\\s+");
        for (int i = 0; i + 1 < t.length; i++) {
            if (t[i].equals("dev")) {
                return t[i + 1];
            }
        }
        return "?";
    }

    private static String firstError(String... errors) {
        for (String e : errors) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    /** Runs a command; returns its complaint when it failed and {@code report} is set, else null. */
    private String run(boolean report, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return report ? String.join(" ", command) + ": timed out" : null;
            }
            return p.exitValue() == 0 || !report ? null : String.join(" ", command) + ": " + text;
        } catch (IOException e) {
            return report ? String.join(" ", command) + ": " + e.getMessage() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report ? "interrupted" : null;
        }
    }

    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
