package dev.failberry.modem.parse;

import java.time.Duration;
import java.util.List;

/**
 * Parsers for Huawei unsolicited reports and replies: {@code ^RSSI}, {@code ^MODE},
 * {@code ^SYSINFO}, {@code ^SYSINFOEX} and {@code ^DSFLOWRPT}.
 */
public final class HuaweiParsers {

    private HuaweiParsers() {}

    /**
     * Parses {@code ^RSSI:<n>}, a signal URC on the {@code +CSQ} scale (0..31, 99 unknown). The
     * bit error rate is not reported and is set to 99.
     */
    public static Parsed<SignalQuality> rssi(String line) {
        List<String> f = fields(line, "^RSSI:");
        Integer n = f == null || f.size() != 1 ? null : Fields.uint(f.get(0));
        if (n == null) {
            return Parsed.failed("not ^RSSI:<n>", line);
        }
        return SignalParsers.quality(n, SignalQuality.UNKNOWN, line);
    }

    /**
     * Parses {@code ^MODE:<sys_mode>[,<sys_submode>]}. The technology comes from the sub-mode
     * when present, else from the mode (3 GPRS, 5 and 7 UMTS).
     */
    public static Parsed<HuaweiMode> mode(String line) {
        List<String> f = fields(line, "^MODE:");
        if (f == null || f.size() > 2) {
            return Parsed.failed("not ^MODE:<mode>[,<submode>]", line);
        }
        Integer mode = Fields.uint(f.get(0));
        Integer sub = f.size() == 2 && !f.get(1).isEmpty() ? Fields.uint(f.get(1)) : null;
        if (mode == null || (f.size() == 2 && !f.get(1).isEmpty() && sub == null)) {
            return Parsed.failed("^MODE fields are not numbers", line);
        }
        AccessTechnology act = mode == 0 ? AccessTechnology.UNKNOWN : sub != null ? submodeAct(sub) : modeAct(mode);
        return Parsed.ok(new HuaweiMode(mode, sub, act));
    }

    /**
     * Parses {@code ^SYSINFO:<srv_status>,<srv_domain>,<roam>,<sys_mode>,<sim_state>[,<lock>[,<sub_mode>]]}.
     * The sub-mode counts only when the seventh field is present and not empty; trailing empty
     * fields are tolerated.
     */
    public static Parsed<HuaweiSysInfo> sysinfo(String line) {
        List<String> f = fields(line, "^SYSINFO:");
        if (f == null || f.size() < 5 || f.size() > 7) {
            return Parsed.failed("^SYSINFO needs 5 to 7 fields", line);
        }
        Integer[] v = firstNumbers(f, 5);
        if (v == null) {
            return Parsed.failed("^SYSINFO fields are not numbers", line);
        }
        Integer sub = null;
        if (f.size() == 7 && !f.get(6).isEmpty()) {
            sub = Fields.uint(f.get(6));
            if (sub == null) {
                return Parsed.failed("^SYSINFO sub-mode is not a number", line);
            }
        }
        AccessTechnology act = v[0] == 0 ? AccessTechnology.UNKNOWN : sub != null ? submodeAct(sub) : modeAct(v[3]);
        return Parsed.ok(new HuaweiSysInfo(v[0], v[1], v[2], v[4], v[3], sub, act, false));
    }

    /**
     * Parses {@code ^SYSINFOEX:<srv_status>,<srv_domain>,<roam>,<sim_state>,[<lock>],<sysmode>,
     * <sysmode_name>,<submode>,<submode_name>}; names may be quoted or bare.
     */
    public static Parsed<HuaweiSysInfo> sysinfoex(String line) {
        List<String> f = fields(line, "^SYSINFOEX:");
        if (f == null || f.size() != 9) {
            return Parsed.failed("^SYSINFOEX needs 9 fields", line);
        }
        Integer[] v = firstNumbers(f, 4);
        Integer mode = Fields.uint(f.get(5));
        Integer sub = Fields.uint(f.get(7));
        if (v == null || mode == null || sub == null) {
            return Parsed.failed("^SYSINFOEX fields are not numbers", line);
        }
        AccessTechnology act = exSubmodeAct(sub);
        if (act == AccessTechnology.UNKNOWN) {
            act = switch (mode) {
                case 1 -> AccessTechnology.GSM;
                case 3 -> AccessTechnology.UMTS;
                case 6 -> AccessTechnology.LTE;
                default -> AccessTechnology.UNKNOWN;
            };
        }
        if (v[0] == 0) {
            act = AccessTechnology.UNKNOWN;
        }
        return Parsed.ok(new HuaweiSysInfo(v[0], v[1], v[2], v[3], mode, sub, act, true));
    }

    /**
     * Parses {@code ^DSFLOWRPT:<time>,<tx_rate>,<rx_rate>,<tx_flow>,<rx_flow>,<qos_tx>,<qos_rx>},
     * seven hexadecimal fields (time in seconds, rates in bytes/s, flows in bytes, up to 16 digits).
     */
    public static Parsed<DataFlowReport> dsflowrpt(String line) {
        List<String> f = fields(line, "^DSFLOWRPT:");
        if (f == null || f.size() != 7) {
            return Parsed.failed("^DSFLOWRPT needs 7 hex fields", line);
        }
        long[] v = new long[7];
        for (int i = 0; i < 7; i++) {
            Long x = Fields.hex(f.get(i));
            if (x == null) {
                return Parsed.failed("^DSFLOWRPT field " + (i + 1) + " is not hex", line);
            }
            v[i] = x;
        }
        return Parsed.ok(new DataFlowReport(Duration.ofSeconds(v[0]), v[1], v[2], v[3], v[4], v[5], v[6]));
    }

    /** Fields after {@code prefix} on the first line carrying it, or {@code null}. */
    private static List<String> fields(String input, String prefix) {
        if (Fields.rejectRaw(input) != null) {
            return null;
        }
        List<String> lines = Fields.lines(input);
        String line = lines == null ? null : Fields.firstWith(lines, prefix);
        if (line == null) {
            return null;
        }
        List<String> f = Fields.split(Fields.after(line, prefix));
        return f == null || f.get(0).isEmpty() ? null : f;
    }

    private static Integer[] firstNumbers(List<String> f, int count) {
        Integer[] v = new Integer[count];
        for (int i = 0; i < count; i++) {
            v[i] = Fields.uint(f.get(i));
            if (v[i] == null) {
                return null;
            }
        }
        return v;
    }

    /** Sub-mode table of {@code ^MODE} and {@code ^SYSINFO}. */
    private static AccessTechnology submodeAct(int sub) {
        return switch (sub) {
            case 1 -> AccessTechnology.GSM;
            case 2 -> AccessTechnology.GPRS;
            case 3 -> AccessTechnology.EDGE;
            case 4 -> AccessTechnology.UMTS;
            case 5 -> AccessTechnology.HSDPA;
            case 6 -> AccessTechnology.HSUPA;
            case 7 -> AccessTechnology.HSPA;
            case 9, 17, 18 -> AccessTechnology.HSPA_PLUS;
            default -> AccessTechnology.UNKNOWN;
        };
    }

    /** Mode table of {@code ^MODE} and {@code ^SYSINFO}, used when no sub-mode is given. */
    private static AccessTechnology modeAct(int mode) {
        return switch (mode) {
            case 3 -> AccessTechnology.GPRS;
            case 5, 7 -> AccessTechnology.UMTS;
            default -> AccessTechnology.UNKNOWN;
        };
    }

    /** Sub-mode table of {@code ^SYSINFOEX}. */
    private static AccessTechnology exSubmodeAct(int sub) {
        return switch (sub) {
            case 1 -> AccessTechnology.GSM;
            case 2 -> AccessTechnology.GPRS;
            case 3 -> AccessTechnology.EDGE;
            case 41 -> AccessTechnology.UMTS;
            case 42 -> AccessTechnology.HSDPA;
            case 43 -> AccessTechnology.HSUPA;
            case 44 -> AccessTechnology.HSPA;
            case 45, 46 -> AccessTechnology.HSPA_PLUS;
            case 101 -> AccessTechnology.LTE;
            default -> AccessTechnology.UNKNOWN;
        };
    }
}
