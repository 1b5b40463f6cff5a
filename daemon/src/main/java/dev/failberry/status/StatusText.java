package dev.failberry.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The human summary {@code failberry status} prints over SSH, from the {@code /status} document. */
public final class StatusText {
    private StatusText() {}

    public static String format(Map<String, Object> s) {
        List<String> lines = new ArrayList<>();
        boolean healthy = Boolean.TRUE.equals(s.get("healthy"));
        lines.add("FailberryPi: " + s.get("state")
                + (healthy ? " (healthy)" : " (unhealthy: " + s.get("unhealthy_reason") + ")") + ", up "
                + duration(num(s.get("uptime_seconds"))));
        lines.add(row("state", str(s.get("state_reason")) + since(s.get("state_since"))));
        lines.add(row("modem", modem(map(s.get("modem")))));
        lines.add(row("link", ppp(map(s.get("ppp")))));
        lines.add(row("dns", dns(map(s.get("dns")))));
        lines.add(row("recovery", recovery(map(s.get("recovery")))));
        lines.add(row("next", next(map(s.get("recovery")))));
        lines.add(row("data", usage(map(s.get("data_usage")))));
        lines.add(row("notify", notify(map(s.get("notify")))));
        if (s.get("wired") != null) {
            lines.add(row("wired", wired(map(s.get("wired")))));
        }
        if (s.get("routing") != null || s.get("firewall") != null) {
            lines.add(row("network", network(map(s.get("routing")), map(s.get("firewall")))));
        }
        if (s.get("network_checks") instanceof List<?> checks) {
            for (Object c : checks) {
                lines.add(row("check", str(c)));
            }
        }
        if (map(s.get("availability")) != null) {
            lines.add(row("uptime", availability(map(s.get("availability")))));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String modem(Map<String, Object> m) {
        if (m == null) {
            return "not present";
        }
        List<String> parts = new ArrayList<>();
        parts.add(str(m.get("state")));
        String ident = join(" ", m.get("manufacturer"), m.get("model"));
        if (!ident.isEmpty()) {
            parts.add(ident);
        }
        if (m.get("port") != null) {
            parts.add("on " + m.get("port"));
        }
        if (m.get("sim") != null) {
            parts.add("SIM " + m.get("sim"));
        }
        if (m.get("registration") != null) {
            String op = m.get("operator") == null ? "" : " on " + m.get("operator");
            String act = m.get("access_technology") == null ? "" : " (" + m.get("access_technology") + ")";
            parts.add(m.get("registration") + op + act);
        }
        Map<String, Object> sig = map(m.get("signal"));
        if (sig != null && sig.get("rssi_dbm") != null) {
            parts.add("signal " + num(sig.get("rssi_dbm")) + " dBm (csq " + num(sig.get("csq")) + ")");
        } else if (sig != null && sig.get("csq") != null) {
            parts.add("signal unknown (csq " + num(sig.get("csq")) + ")");
        }
        long timeouts = num(m.get("consecutive_timeouts"));
        if (timeouts > 0) {
            parts.add(timeouts + " consecutive AT timeouts");
        }
        if (m.get("last_error") != null) {
            parts.add("last error: " + m.get("last_error"));
        }
        return String.join(" · ", parts);
    }

    private static String ppp(Map<String, Object> p) {
        if (p == null) {
            return "not present";
        }
        List<String> parts = new ArrayList<>();
        parts.add(str(p.get("state")));
        if (p.get("interface") != null) {
            parts.add(str(p.get("interface")));
        }
        if (p.get("local_ip") != null) {
            String cls = p.get("ip_class") == null ? "" : " (" + p.get("ip_class") + ")";
            parts.add(p.get("local_ip") + cls);
        }
        if (p.get("public_ip") != null && !p.get("public_ip").equals(p.get("local_ip"))) {
            parts.add("public " + p.get("public_ip"));
        }
        if (p.get("since") != null) {
            parts.add("since " + p.get("since"));
        }
        if (p.get("verified") != null) {
            parts.add(Boolean.TRUE.equals(p.get("verified")) ? "traffic verified" : "probes failing");
        }
        parts.add(num(p.get("reconnects")) + " reconnects");
        if (p.get("last_exit") != null) {
            parts.add("last exit: " + p.get("last_exit"));
        }
        return String.join(" · ", parts);
    }

    private static String dns(Map<String, Object> d) {
        if (d == null) {
            return "not configured";
        }
        String s = d.get("provider") + " " + str(d.get("record")) + " -> "
                + (d.get("published_ip") == null ? "(nothing published yet)" : d.get("published_ip"));
        if (d.get("last_update") != null) {
            s += " (updated " + d.get("last_update") + ")";
        }
        if (d.get("last_error") != null) {
            s += " · last error: " + d.get("last_error");
        }
        return s;
    }

    private static String recovery(Map<String, Object> r) {
        if (r == null) {
            return "idle";
        }
        String s = "level " + str(r.get("level")) + " · redials " + num(r.get("redials")) + " · modem resets "
                + num(r.get("modem_resets")) + " · USB power cycles " + num(r.get("usb_power_cycles"))
                + " · reboots " + num(r.get("reboots"));
        Map<String, Object> last = map(r.get("last_action"));
        s += last == null
                ? " · last action: none"
                : " · last action: " + last.get("action") + " at " + last.get("time") + " (" + last.get("reason") + ")";
        if (r.get("last_reboot_reason") != null) {
            s += " · last reboot: " + r.get("last_reboot_reason");
        }
        return s;
    }

    /** The ladder's next step: "usb_power_cycle 2/2 in 9m 0s (at ...): power cycles are at least 10 min apart". */
    private static String next(Map<String, Object> r) {
        Map<String, Object> n = r == null ? null : map(r.get("next"));
        if (n == null) {
            return "nothing to do";
        }
        String what = n.get("attempt") == null ? str(n.get("action")) : n.get("action") + " " + n.get("attempt");
        long in = num(n.get("in_seconds"));
        String when = in == 0 ? "now" : "in " + duration(in) + " (at " + n.get("at") + ")";
        return what + " " + when + (n.get("why") == null ? "" : ": " + n.get("why"));
    }

    /** The {@code data} line: usage, cap, projection, block and the link's own overhead. */
    public static String dataUsage(Map<String, Object> u) {
        return usage(u);
    }

    private static String usage(Map<String, Object> u) {
        if (u == null) {
            return "not counted yet";
        }
        String s = "rx " + bytes(num(u.get("rx_bytes"))) + " · tx " + bytes(num(u.get("tx_bytes")));
        if (u.get("period_start") != null) {
            s += " since " + u.get("period_start");
        }
        if (u.get("cap_bytes") != null) {
            s += " (cap " + bytes(num(u.get("cap_bytes"))) + ", " + num(u.get("used_percent")) + " % used"
                    + (Boolean.TRUE.equals(u.get("warning")) ? ", WARNING" : "") + ")";
        }
        if (u.get("projected_bytes") != null) {
            s += " · projected " + bytes(num(u.get("projected_bytes")))
                    + (u.get("period_end") == null ? "" : " by " + u.get("period_end"));
        }
        if (Boolean.TRUE.equals(u.get("blocked"))) {
            s += " · LAN BLOCKED from the mobile link"
                    + ("blocked".equals(u.get("admin_override")) ? " by an admin" : "") + " until the next period";
        } else if ("lifted".equals(u.get("admin_override"))) {
            s += " · block lifted by an admin for this period";
        }
        Map<String, Object> o = map(u.get("link_overhead"));
        if (o != null && o.get("bytes_per_day") != null) {
            s += " · link overhead " + bytes(num(o.get("bytes_per_day"))) + "/day (health checks "
                    + bytes(num(o.get("health_bytes_per_day"))) + "/day"
                    + (o.get("bytes_per_health_check") == null
                            ? ""
                            : ", " + num(o.get("bytes_per_health_check")) + " B each")
                    + "), ~" + bytes(num(o.get("projected_month_bytes"))) + "/month";
        }
        return s;
    }

    /**
     * The wired path on one line: {@code down since ... · why · the targets' last round · eth0 192.168.1.50 via
     * 192.168.1.1}.
     */
    private static String wired(Map<String, Object> w) {
        List<String> parts = new ArrayList<>();
        parts.add("path " + str(w.get("path")) + since(w.get("since")));
        if (w.get("reason") != null) {
            parts.add(str(w.get("reason")));
        }
        if (w.get("targets") instanceof List<?> targets && !targets.isEmpty()) {
            List<String> each = new ArrayList<>();
            for (Object o : targets) {
                Map<String, Object> t = map(o);
                if (t != null) {
                    each.add(t.get("target")
                            + (Boolean.TRUE.equals(t.get("ok"))
                                    ? " " + num(t.get("latency_ms")) + " ms"
                                    : " unreachable"));
                }
            }
            parts.add("last round: " + String.join(", ", each));
        }
        parts.add(str(w.get("interface")) + (w.get("address") == null ? "" : " " + w.get("address")) + " via "
                + str(w.get("gateway")));
        return String.join(" · ", parts);
    }

    private static String network(Map<String, Object> r, Map<String, Object> f) {
        List<String> parts = new ArrayList<>();
        if (r != null) {
            parts.add(Boolean.TRUE.equals(r.get("reply_routing")) ? "reply routing on" : "reply routing off");
            if (r.get("last_error") != null) {
                parts.add("routing error: " + r.get("last_error"));
            }
        }
        if (f != null) {
            parts.add(
                    Boolean.TRUE.equals(f.get("managed"))
                            ? "firewall managed, " + num(f.get("forwards")) + " forwards"
                            : "firewall not managed");
            if (f.get("last_error") != null) {
                parts.add("firewall error: " + f.get("last_error"));
            }
        }
        return String.join(" · ", parts);
    }

    /** e.g. "webhook 3 sent · sms 1 sent, 1 failed, 1 pending (waiting: ...) · last error: sms: ..." */
    private static String notify(Map<String, Object> n) {
        Map<String, Object> channels = n == null ? null : map(n.get("channels"));
        if (channels == null || channels.isEmpty()) {
            return "not configured";
        }
        List<String> parts = new ArrayList<>();
        channels.forEach((name, v) -> {
            Map<String, Object> c = map(v);
            if (c == null) {
                return;
            }
            String s = name + " " + num(c.get("sent")) + " sent";
            if (num(c.get("failed")) > 0) {
                s += ", " + num(c.get("failed")) + " failed";
            }
            if (num(c.get("pending")) > 0) {
                s += ", " + num(c.get("pending")) + " pending";
            }
            if (c.get("waiting") != null) {
                s += " (waiting: " + c.get("waiting") + ")";
            }
            parts.add(s);
        });
        if (num(n.get("dropped_events")) > 0) {
            parts.add(num(n.get("dropped_events")) + " events dropped");
        }
        if (n.get("last_error") != null) {
            parts.add("last error: " + n.get("last_error"));
        }
        return String.join(" · ", parts);
    }

    /** {@code mobile 99.87 % (24 h) · 99.50 % (7 d) · 98.12 % (30 d, 3h 17m unknown) · wired unknown · ...}. */
    private static String availability(Map<String, Object> a) {
        List<String> parts = new ArrayList<>();
        for (String link : List.of("mobile", "wired")) {
            Map<String, Object> w = map(a.get(link));
            List<String> figures = new ArrayList<>();
            for (String window : List.of("24h", "7d", "30d")) {
                Map<String, Object> f = w == null ? null : map(w.get(window));
                if (f == null || f.get("up_percent") == null) {
                    continue;
                }
                long unknown = num(f.get("unknown_seconds"));
                figures.add(
                        String.format(java.util.Locale.ROOT, "%.2f %%", ((Number) f.get("up_percent")).doubleValue())
                                + " (" + window.replace("h", " h").replace("d", " d")
                                + (unknown > 0 ? ", " + duration(unknown) + " unknown" : "") + ")");
            }
            parts.add(link + " " + (figures.isEmpty() ? "unknown" : String.join(", ", figures)));
        }
        Map<String, Object> blocked = map(a.get("blocked_by_budget_seconds"));
        if (blocked != null && num(blocked.get("30d")) > 0) {
            parts.add("blocked by the budget " + duration(num(blocked.get("30d"))) + " in 30 d");
        }
        return String.join(" · ", parts);
    }

    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }

    static String duration(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        if (d > 0) {
            return d + "d " + h + "h";
        }
        if (h > 0) {
            return h + "h " + m + "m";
        }
        return m > 0 ? m + "m " + seconds % 60 + "s" : seconds + "s";
    }

    private static String since(Object t) {
        return t == null ? "" : " (since " + t + ")";
    }

    private static String row(String label, String value) {
        return String.format("  %-9s %s", label, value);
    }

    private static String join(String sep, Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p != null && !p.toString().isBlank()) {
                out.add(p.toString());
            }
        }
        return String.join(sep, out);
    }

    private static String str(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
