package dev.failberry.modem;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The table of unsolicited result code prefixes. A line that starts with a registered prefix is
 * routed to the URC listeners and removed from the reply, wherever it arrives (even between an
 * information line and the final OK), like ModemManager's URC regexes in mm-port-serial.c.
 *
 * <p>A prefix may name the query whose reply has the same shape ({@code +CREG:} for
 * {@code +CREG?}): while that query is in flight the line is kept in the reply <em>and</em> still
 * routed to the listeners, so one registration updater sees every registration line.
 *
 * <p>Vendors add their own prefixes with {@link #add}; the registry is safe to extend while a port
 * is open.
 */
public final class UrcRegistry {

    /**
     * One URC.
     *
     * @param prefix      the start of the line, e.g. {@code ^RSSI:}; matched case-insensitively
     * @param exact       true if the whole line must equal the prefix ({@code RING}, {@code +ZEND})
     * @param solicitedBy the query whose reply looks the same (e.g. {@code +CREG?}), or null
     */
    public record Urc(String prefix, boolean exact, String solicitedBy) {
        public Urc {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("URC prefix must not be blank");
            }
        }

        boolean matches(String line) {
            String l = line.strip();
            if (exact) {
                return l.equalsIgnoreCase(prefix);
            }
            return l.regionMatches(true, 0, prefix, 0, prefix.length());
        }

        boolean isSolicitedBy(String command) {
            return solicitedBy != null
                    && command != null
                    && command.toUpperCase(Locale.ROOT).contains(solicitedBy.toUpperCase(Locale.ROOT));
        }
    }

    private final List<Urc> urcs = new CopyOnWriteArrayList<>();

    /** An empty registry. */
    public UrcRegistry() {}

    /** 3GPP URCs plus the Huawei and ZTE ones ModemManager knows. */
    public static UrcRegistry standard() {
        UrcRegistry r = new UrcRegistry();
        // 27.007: network registration, in both shapes; the solicited one answers the query
        r.add(new Urc("+CREG:", false, "+CREG?"));
        r.add(new Urc("+CGREG:", false, "+CGREG?"));
        r.add(new Urc("+CEREG:", false, "+CEREG?"));
        r.add(new Urc("+C5GREG:", false, "+C5GREG?"));
        r.add(new Urc("RING", true, null));
        r.add(new Urc("+CRING:", false, null));
        r.add(new Urc("+CLIP:", false, null));
        r.add(new Urc("+CMTI:", false, null));
        r.add(new Urc("+CIEV:", false, null));
        r.add(new Urc("+CGEV:", false, null));
        r.add(new Urc("+CUSD:", false, null));
        // Huawei (plugins/huawei/mm-broadband-modem-huawei.c)
        for (String p : List.of(
                "^RSSI:",
                "^MODE:",
                "^BOOT:",
                "^DSFLOWRPT:",
                "^SRVST:",
                "^SIMST:",
                "^NDISSTAT:",
                "^DSDORMANT:",
                "^STIN:",
                "^PDPDEACT:",
                "^EONS:",
                "^CSNR:",
                "^RFSWITCH:",
                "^ORIG:",
                "^CONF:",
                "^CONN:",
                "^CEND:",
                "^POSITION:",
                "^SMMEMFULL:",
                "^ACTIVEBAND:")) {
            r.add(new Urc(p, false, null));
        }
        r.add(new Urc("^HCSQ:", false, "^HCSQ?"));
        // ZTE (plugins/zte/mm-common-zte.c)
        r.add(new Urc("+ZUSIMR:", false, null));
        r.add(new Urc("+ZPASR:", false, null));
        r.add(new Urc("+ZDONR:", false, null));
        r.add(new Urc("+ZPSTM:", false, null));
        r.add(new Urc("+ZEND", true, null));
        return r;
    }

    /** Adds a vendor URC; later additions are tried first (vendor entries override generic ones). */
    public UrcRegistry add(Urc urc) {
        urcs.add(0, urc);
        return this;
    }

    /** Shorthand for {@code add(new Urc(prefix, false, null))}. */
    public UrcRegistry add(String prefix) {
        return add(new Urc(prefix, false, null));
    }

    /** The matching entry or null. */
    public Urc match(String line) {
        for (Urc u : urcs) {
            if (u.matches(line)) {
                return u;
            }
        }
        return null;
    }

    public List<Urc> entries() {
        return List.copyOf(urcs);
    }
}
