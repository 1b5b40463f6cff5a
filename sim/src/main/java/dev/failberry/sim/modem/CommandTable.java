package dev.failberry.sim.modem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command name -> handler, and the V.250 line executor: commands of one line run in order, the
 * first failure ends the line, one final result code closes it. Runs under the simulator lock.
 */
final class CommandTable {

    @FunctionalInterface
    interface Handler {
        Outcome handle(AtCmd cmd, PortSession port, ModemState st);
    }

    private static final Map<Integer, String> CME_TEXT = Map.of(
            3,
            "operation not allowed",
            4,
            "operation not supported",
            10,
            "SIM not inserted",
            11,
            "SIM PIN required",
            12,
            "SIM PUK required",
            13,
            "SIM failure",
            14,
            "SIM busy",
            16,
            "incorrect password",
            30,
            "no network service",
            50,
            "incorrect parameters");

    private final Map<String, Handler> handlers = new HashMap<>();

    void put(String name, Handler h) {
        handlers.put(name, h);
    }

    /** A personality without this command answers ERROR to it. */
    void remove(String name) {
        handlers.remove(name);
    }

    String run(String line, PortSession port) {
        ModemSimulator sim = port.sim();
        List<AtCmd> cmds = AtCmd.parseLine(line);
        StringBuilder out = new StringBuilder();
        Outcome fin = Outcome.ok();
        if (cmds == null) {
            fin = Outcome.error();
        } else {
            for (AtCmd c : cmds) {
                Handler h = handlers.get(c.name());
                Outcome o = h == null ? Outcome.error() : h.handle(c, port, sim.state());
                for (String l : o.lines()) {
                    out.append(info(l, port));
                }
                if (o.kind() != Outcome.Kind.OK) {
                    fin = o;
                    break;
                }
            }
        }
        if (fin.kind() == Outcome.Kind.SILENT) {
            return out.toString();
        }
        if (fin.kind() == Outcome.Kind.PROMPT) {
            return out + "\r\n> "; // no line end: the text follows on the same line
        }
        String noise = sim.urcNoise();
        if (noise != null && out.length() > 0) {
            out.append(info(noise, port));
        }
        out.append(finalCode(fin, port, sim.state()));
        return sim.garbage() ? garble(out.toString()) : out.toString();
    }

    private static String info(String l, PortSession port) {
        return port.verbose ? "\r\n" + l + "\r\n" : l + "\r\n";
    }

    private static String finalCode(Outcome o, PortSession port, ModemState st) {
        boolean v = port.verbose;
        switch (o.kind()) {
            case OK:
                return v ? "\r\nOK\r\n" : "0\r";
            case CONNECT:
                return v ? "\r\nCONNECT " + st.connectRate + "\r\n" : "1\r";
            case NO_CARRIER:
                return v ? "\r\nNO CARRIER\r\n" : "3\r";
            case CME:
                if (port.cmee == 1) {
                    return info("+CME ERROR: " + o.cme(), port);
                }
                if (port.cmee == 2) {
                    return info("+CME ERROR: " + CME_TEXT.getOrDefault(o.cme(), "unknown"), port);
                }
                return v ? "\r\nERROR\r\n" : "4\r";
            case CMS:
                return info("+CMS ERROR: " + o.cme(), port);
            default:
                return v ? "\r\nERROR\r\n" : "4\r";
        }
    }

    /** Line noise: NULs and high bytes before the reply, {@code \r\r\n} line ends. */
    private static String garble(String s) {
        return "\0\0\u00ff\u00fe\u0013" + s.replace("\r\n", "\r\r\n");
    }
}
