package dev.failberry.cli;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.LinkConfig;
import dev.failberry.hilink.DeviceInfo;
import dev.failberry.hilink.HilinkClient;
import dev.failberry.hilink.HilinkResult;
import dev.failberry.hilink.StickMonitor;
import dev.failberry.hilink.StickSnapshot;
import dev.failberry.hilink.Traffic;
import dev.failberry.modem.ModemStatus;
import dev.failberry.time.TimeSource;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code failberry modem info} for an Ethernet-type stick ({@code link.type = ethernet}): the same
 * fields as for an AT modem, then what only a router stick reports (its data connection, WAN address,
 * LTE signal, traffic, DMZ). Without a daemon it asks the stick's HiLink API itself (no port to share).
 */
final class StickInfo {
    private StickInfo() {}

    /** Asks the stick's API directly; exit 3 when it does not answer or there is no API. */
    static int direct(FailberryConfig config, PrintWriter out, PrintWriter err) {
        LinkConfig link = config.link();
        if (link.control() != LinkConfig.ModemControl.HILINK) {
            err.println("failberry modem info: this stick has no API to ask (link.type = ethernet, modem.control = "
                    + link.control().name().toLowerCase(java.util.Locale.ROOT)
                    + "); the daemon's status shows its interface.");
            return ExitCode.UNREACHABLE;
        }
        HilinkClient client = HilinkClient.fromConfig(link.hilink(), Optional::empty, TimeSource.SYSTEM);
        HilinkResult<StickSnapshot> r = client.snapshot();
        if (!(r instanceof HilinkResult.Ok<StickSnapshot> ok)) {
            err.println("failberry modem info: the stick at " + link.hilink().url() + " did not answer: " + r.describe()
                    + ".");
            return ExitCode.UNREACHABLE;
        }
        StickSnapshot s = ok.value();
        DeviceInfo device = client.device().result().orElse(null);
        Traffic traffic = client.traffic().result().orElse(null);
        Optional<String> wan = s.wanAddress().map(Inet4Address::getHostAddress);
        if (wan.isEmpty()) {
            wan = client.wanAddress().result().flatMap(o -> o).map(Inet4Address::getHostAddress);
        }
        ModemStatus status = StickMonitor.fromSnapshot(link.hilink().url().getHost(), s, device, traffic, wan, null);
        return ModemCommand.Info.printInfo(out, ModemCommand.Info.fields(status));
    }

    /** The router-stick part of {@code /status}'s {@code modem}, keyed as there. */
    static Map<String, Object> fields(ModemStatus.Stick v) {
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

    static void print(PrintWriter out, Map<?, ?> stick) {
        out.println("control:           " + nz(stick.get("control")));
        out.println("connection:        " + nz(stick.get("connection")));
        out.println("wan address:       " + nz(stick.get("wan_ip")));
        out.println("lte signal:        "
                + (stick.get("rsrp_dbm") == null
                        ? "-"
                        : "rsrp " + stick.get("rsrp_dbm") + " dBm, rsrq " + nz(stick.get("rsrq_db")) + " dB, sinr "
                                + nz(stick.get("sinr_db")) + " dB"));
        out.println("band:              " + nz(stick.get("band")));
        if (stick.get("traffic") instanceof Map<?, ?> t && t.get("rx_bytes") != null) {
            out.println("traffic:           " + t.get("rx_bytes") + " bytes in, " + t.get("tx_bytes")
                    + " bytes out over " + nz(t.get("connected_seconds")) + " s");
        } else {
            out.println("traffic:           -");
        }
        out.println("dmz:               " + nz(stick.get("dmz")));
    }

    private static Object nz(Object o) {
        return o == null ? "-" : o;
    }
}
