package dev.failberry.status;

import dev.failberry.json.Json;
import dev.failberry.status.DnsView.HeartbeatView;
import dev.failberry.status.RecoveryView.Action;
import dev.failberry.status.RecoveryView.Next;
import dev.failberry.time.TimeSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code /status} JSON (snake_case keys in alphabetical order, ISO-8601 UTC timestamps, absent parts
 * as null), written with {@link Json}; {@code failberry status} reads it back with {@link Json#parseObject}.
 */
public final class StatusJson {
    private StatusJson() {}

    public static String render(StatusSnapshot s, TimeSource time) {
        return Json.writeSorted(toMap(s, time));
    }

    /** The {@code /status} document as nested maps: the snapshot's parts, then {@code extra}'s keys. */
    public static Map<String, Object> toJsonMap(StatusSnapshot s, TimeSource time, Map<String, ?> extra) {
        Map<String, Object> m = toMap(s, time);
        m.putAll(extra);
        return m;
    }

    /** Renders any map of plain values, lists and maps as JSON, keys in alphabetical order like the status. */
    public static String renderMap(Map<String, ?> map) {
        return Json.writeSorted(map);
    }

    static Map<String, Object> toMap(StatusSnapshot s, TimeSource time) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("state_reason", s.stateReason());
        m.put("state_since", ts(s.stateSince()));
        m.put("healthy", s.healthy());
        m.put("unhealthy_reason", s.healthy() ? null : s.unhealthyReason());
        m.put("modem", modem(s.modem()));
        m.put("ppp", ppp(s.ppp()));
        m.put("dns", dns(s.dns()));
        m.put("recovery", recovery(s.recovery(), time));
        m.put("data_usage", usage(s.dataUsage()));
        NetworkView n = s.network();
        m.put("wired", n == null ? null : wired(n.wired()));
        m.put("firewall", n == null ? null : firewall(n.firewall()));
        m.put("routing", n == null ? null : routing(n.routing()));
        m.put("network_checks", n == null ? java.util.List.of() : n.checks());
        m.put("notify", s.notifications() == null ? null : s.notifications().toJsonMap());
        m.put("started_at", ts(s.startedAt()));
        m.put("uptime_seconds", Math.max(0, (time.nanoTime() - s.startedNanos()) / 1_000_000_000L));
        return m;
    }

    private static Map<String, Object> modem(ModemView v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", v.state());
        m.put("port", v.port());
        m.put("manufacturer", v.manufacturer());
        m.put("model", v.model());
        m.put("revision", v.revision());
        m.put("imei", v.imei());
        m.put("sim", v.sim());
        m.put("registration", v.registration());
        m.put("operator", v.operator());
        m.put("access_technology", v.accessTechnology());
        Map<String, Object> signal = new LinkedHashMap<>();
        signal.put("csq", v.signal() == null ? null : v.signal().csq());
        signal.put("rssi_dbm", v.signal() == null ? null : v.signal().rssiDbm());
        m.put("signal", signal);
        m.put("consecutive_timeouts", v.consecutiveTimeouts());
        m.put("last_error", v.lastError());
        m.put("stick", stick(v.stick()));
        return m;
    }

    /** A router stick's own report; null for an AT modem. */
    private static Map<String, Object> stick(ModemView.StickView v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("control", v.control());
        m.put("connection", v.connection());
        m.put("wan_ip", v.wanIp());
        m.put("rsrp_dbm", v.rsrpDbm());
        m.put("rsrq_db", v.rsrqDb());
        m.put("sinr_db", v.sinrDb());
        m.put("band", v.band());
        Map<String, Object> traffic = new LinkedHashMap<>();
        traffic.put("rx_bytes", v.trafficRx());
        traffic.put("tx_bytes", v.trafficTx());
        traffic.put("connected_seconds", v.connectedSeconds());
        m.put("traffic", traffic);
        m.put("dmz", v.dmz());
        return m;
    }

    private static Map<String, Object> ppp(PppView v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", v.state());
        m.put("interface", v.interfaceName());
        m.put("local_ip", v.localIp());
        m.put("remote_ip", v.remoteIp());
        m.put("ip_class", v.ipClass());
        m.put("public_ip", v.publicIp());
        m.put("since", ts(v.since()));
        m.put("reconnects", v.reconnects());
        m.put("last_exit", v.lastExit());
        m.put("verified", v.verified());
        m.put("probe_latency_ms", v.probeLatencyMs());
        return m;
    }

    private static Map<String, Object> dns(DnsView v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", v.provider());
        m.put("record", v.record());
        m.put("published_ip", v.publishedIp());
        m.put("last_update", ts(v.lastUpdate()));
        m.put("last_error", v.lastError());
        if (v.heartbeat() != null) {
            // only with mobile-check = cloudwatch: an addition to the contract's dns object
            HeartbeatView h = v.heartbeat();
            Map<String, Object> hb = new LinkedHashMap<>();
            hb.put("interval_seconds", h.intervalSeconds());
            hb.put("sent", h.sent());
            hb.put("failed", h.failed());
            hb.put("last_sent", ts(h.lastSent()));
            hb.put("last_error", h.lastError());
            m.put("heartbeat", hb);
        }
        return m;
    }

    private static Map<String, Object> recovery(RecoveryView v, TimeSource time) {
        RecoveryView r = v == null ? RecoveryView.none() : v;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("redials", r.redials());
        m.put("modem_resets", r.modemResets());
        m.put("usb_power_cycles", r.usbPowerCycles());
        m.put("reboots", r.reboots());
        m.put("last_action", action(r.lastAction()));
        m.put("level", r.level());
        m.put("last_reboot_reason", r.lastRebootReason());
        m.put("next", next(r.next(), time));
        return m;
    }

    private static Map<String, Object> next(Next n, TimeSource time) {
        if (n == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", n.action());
        m.put("attempt", n.attempt());
        m.put("at", ts(n.at()));
        m.put("in_seconds", Math.max(0, (n.atNanos() - time.nanoTime() + 999_999_999L) / 1_000_000_000L));
        m.put("why", n.why());
        return m;
    }

    private static Map<String, Object> action(Action a) {
        if (a == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", ts(a.time()));
        m.put("action", a.action());
        m.put("reason", a.reason());
        return m;
    }

    private static Map<String, Object> usage(DataUsageView v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rx_bytes", v.rxBytes());
        m.put("tx_bytes", v.txBytes());
        m.put("period_start", ts(v.periodStart()));
        m.put("period_end", ts(v.periodEnd()));
        m.put("cap_bytes", v.capBytes());
        m.put("cap_action", v.capAction());
        m.put("used_percent", v.usedPercent());
        m.put("warning", v.warning());
        m.put("over_cap", v.overCap());
        m.put("blocked", v.blocked());
        m.put("admin_override", v.adminOverride());
        m.put("projected_bytes", v.projectedBytes());
        m.put("link_overhead", overhead(v.linkOverhead()));
        return m;
    }

    private static Map<String, Object> overhead(DataUsageView.OverheadView o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measured_seconds", o.seconds());
        m.put("health_checks", o.healthChecks());
        m.put("health_bytes", o.healthBytes());
        m.put("own_bytes", o.ownBytes());
        m.put("bytes_per_health_check", o.bytesPerHealthCheck());
        m.put("health_bytes_per_day", o.healthBytesPerDay());
        m.put("own_bytes_per_day", o.ownBytesPerDay());
        m.put("bytes_per_day", o.bytesPerDay());
        m.put("projected_month_bytes", o.projectedMonthBytes());
        return m;
    }

    private static Map<String, Object> wired(NetworkView.WiredView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interface", v.interfaceName());
        m.put("gateway", v.gateway());
        m.put("address", v.address());
        m.put("path", v.path());
        m.put("reason", v.reason());
        m.put("since", ts(v.since()));
        m.put("checked_at", ts(v.checkedAt()));
        m.put("required", v.required());
        m.put("failed_rounds", v.failedRounds());
        m.put("window", v.window());
        java.util.List<Map<String, Object>> targets = new java.util.ArrayList<>();
        for (NetworkView.WiredTarget t : v.targets()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("target", t.target());
            tm.put("ok", t.ok());
            tm.put("latency_ms", t.latencyMs());
            tm.put("error", t.error());
            targets.add(tm);
        }
        m.put("targets", targets);
        return m;
    }

    private static Map<String, Object> firewall(NetworkView.FirewallView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("managed", v.managed());
        m.put("forwards", v.forwards());
        m.put("allowed", v.allowed());
        m.put("blocked_by_cap", v.blockedByCap());
        m.put("last_error", v.lastError());
        m.put("loaded_at", ts(v.loadedAt()));
        m.put("load_ms", v.loadMillis());
        return m;
    }

    private static Map<String, Object> routing(NetworkView.RoutingView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reply_routing", v.replyRouting());
        m.put("link_interface", v.linkInterface());
        m.put("link_ip", v.linkIp());
        m.put("last_error", v.lastError());
        m.put("applied_at", ts(v.appliedAt()));
        m.put("apply_ms", v.applyMillis());
        return m;
    }

    static String ts(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
