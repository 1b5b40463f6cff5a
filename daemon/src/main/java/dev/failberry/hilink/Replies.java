package dev.failberry.hilink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure readers of the {@code <response>} fields of each endpoint. They never throw: an optional value
 * that is missing or garbled is empty; a reply without the fields that make the endpoint's answer
 * (e.g. a traffic reply without byte counters) gives {@link Optional#empty()} for the whole answer.
 * Table-tested with captured replies ({@code HilinkRepliesTest}).
 */
final class Replies {
    /** {@code -89dBm}, {@code -7.0dB}, {@code 6dB}, {@code >=-51dBm}, {@code <=-113dBm}, {@code -69}. */
    private static final Pattern LEVEL = Pattern.compile(
            "\\s*(?:[<>]=?)?\\s*(-?\\d{1,4}(?:\\.\\d{1,3})?)\\s*(?:dBm|dB)?\\s*", Pattern.CASE_INSENSITIVE);

    private static final Pattern INT = Pattern.compile("\\s*(-?\\d{1,10})\\s*");
    private static final Pattern COUNTER = Pattern.compile("\\s*(\\d{1,19})\\s*");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\."
                    + "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** A session cookie and the CSRF token that goes with it. */
    record SesTok(String cookie, String token) {
        @Override
        public String toString() {
            return "SesTok[******]";
        }
    }

    /**
     * {@code /api/user/state-login}.
     *
     * @param state        0 logged in, -1 logged out, -2 "repeat" (another session)
     * @param passwordType 4 = SHA-256 scheme, 0/3 = base64; 4 when the stick does not say (as RaspAP's
     *                     client assumes)
     */
    record LoginState(int state, int passwordType) {
        boolean loggedIn() {
            return state == 0;
        }
    }

    private Replies() {}

    static Optional<SesTok> sesTok(Reply.Fields f) {
        Optional<String> ses = f.get("SesInfo");
        Optional<String> tok = f.get("TokInfo");
        if (ses.isEmpty() || tok.isEmpty()) {
            return Optional.empty();
        }
        // E3372 firmwares differ: some write "SessionID=..." into SesInfo, some only the value
        // (lkwg82/e3372-controller's capture); the Cookie header needs the name either way
        String s = ses.get();
        return Optional.of(new SesTok(s.startsWith("SessionID=") ? s : "SessionID=" + s, tok.get()));
    }

    static LoginState loginState(Reply.Fields f) {
        return new LoginState(
                integer(f, "State").orElse(-1), integer(f, "password_type").orElse(4));
    }

    static Signal signal(Reply.Fields f) {
        return new Signal(
                level(f, "rssi"),
                level(f, "rsrp"),
                level(f, "rsrq"),
                level(f, "sinr"),
                integer(f, "mode"),
                f.get("band"),
                f.get("cell_id"),
                f.get("plmn"));
    }

    static StickStatus status(Reply.Fields f) {
        int connection = integer(f, "ConnectionStatus").orElse(-1);
        Optional<Integer> ex = integer(f, "CurrentNetworkTypeEx");
        NetworkType type = ex.map(NetworkType::fromEx)
                .filter(t -> t != NetworkType.UNKNOWN)
                .orElseGet(() -> integer(f, "CurrentNetworkType")
                        .map(NetworkType::fromLegacy)
                        .orElse(NetworkType.UNKNOWN));
        int sim = integer(f, "SimStatus").orElse(-1);
        return new StickStatus(
                StickStatus.Connection.of(connection),
                connection,
                type,
                StickStatus.Sim.of(sim),
                sim,
                integer(f, "ServiceStatus").orElse(0) == 2,
                integer(f, "RoamingStatus").orElse(0) == 1,
                integer(f, "SignalIcon"),
                integer(f, "maxsignal"),
                ipv4(f, "WanIPAddress"));
    }

    static Optional<Operator> operator(Reply.Fields f) {
        String full = f.get("FullName").orElse("");
        String shortName = f.get("ShortName").orElse("");
        String numeric = f.get("Numeric").orElse("");
        if (full.isEmpty()
                && shortName.isEmpty()
                && numeric.isEmpty()
                && f.get("State").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Operator(full, shortName, numeric, integer(f, "Rat")));
    }

    static Optional<Traffic> traffic(Reply.Fields f) {
        Optional<Long> up = counter(f, "CurrentUpload");
        Optional<Long> down = counter(f, "CurrentDownload");
        Optional<Long> totalUp = counter(f, "TotalUpload");
        Optional<Long> totalDown = counter(f, "TotalDownload");
        if (up.isEmpty() || down.isEmpty() || totalUp.isEmpty() || totalDown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Traffic(
                seconds(f, "CurrentConnectTime"),
                up.get(),
                down.get(),
                counter(f, "CurrentUploadRate").orElse(0L),
                counter(f, "CurrentDownloadRate").orElse(0L),
                totalUp.get(),
                totalDown.get(),
                seconds(f, "TotalConnectTime")));
    }

    static Optional<DeviceInfo> device(Reply.Fields f) {
        Optional<String> name = f.get("DeviceName");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceInfo(
                name.get(),
                f.get("HardwareVersion").orElse(""),
                f.get("SoftwareVersion").orElse(""),
                f.get("WebUIVersion").orElse(""),
                f.get("Imei").orElse(""),
                ipv4(f, "WanIPAddress"),
                f.get("Mccmnc"),
                counter(f, "uptime").map(Duration::ofSeconds)));
    }

    // ---- field readers ----

    static Optional<Double> level(Reply.Fields f, String tag) {
        return f.get(tag).flatMap(v -> {
            Matcher m = LEVEL.matcher(v);
            return m.matches() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
        });
    }

    static Optional<Integer> integer(Reply.Fields f, String tag) {
        return f.get(tag).flatMap(v -> {
            Matcher m = INT.matcher(v);
            if (!m.matches()) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            return n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? Optional.empty() : Optional.of((int) n);
        });
    }

    static Optional<Long> counter(Reply.Fields f, String tag) {
        return f.get(tag).flatMap(v -> {
            Matcher m = COUNTER.matcher(v);
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Long.parseLong(m.group(1)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // beyond Long.MAX_VALUE
            }
        });
    }

    private static Duration seconds(Reply.Fields f, String tag) {
        return counter(f, tag).map(Duration::ofSeconds).orElse(Duration.ZERO);
    }

    /** An IPv4 literal; anything else (empty, a name, IPv6) is empty. Never looks anything up. */
    static Optional<Inet4Address> ipv4(Reply.Fields f, String tag) {
        return f.get(tag).flatMap(Replies::ipv4);
    }

    static Optional<Inet4Address> ipv4(String text) {
        Matcher m = IPV4.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(m.group(i + 1));
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
