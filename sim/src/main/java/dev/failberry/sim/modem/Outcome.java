package dev.failberry.sim.modem;

import java.util.List;

/** What one simulated command produced: information lines and how the line ends. */
record Outcome(Kind kind, List<String> lines, int cme) {

    enum Kind {
        OK,
        ERROR,
        CME,
        CMS,
        CONNECT,
        NO_CARRIER,
        SILENT,
        PROMPT
    }

    static Outcome ok(String... lines) {
        return new Outcome(Kind.OK, List.of(lines), 0);
    }

    static Outcome ok(List<String> lines) {
        return new Outcome(Kind.OK, lines, 0);
    }

    static Outcome error() {
        return new Outcome(Kind.ERROR, List.of(), 0);
    }

    static Outcome cme(int code) {
        return new Outcome(Kind.CME, List.of(), code);
    }

    /** {@code +CMS ERROR: <code>} (27.005): always numeric, whatever {@code +CMEE} says. */
    static Outcome cms(int code) {
        return new Outcome(Kind.CMS, List.of(), code);
    }

    /** The {@code "> "} prompt: the port now takes text until Ctrl-Z or ESC. */
    static Outcome prompt() {
        return new Outcome(Kind.PROMPT, List.of(), 0);
    }

    static Outcome connect() {
        return new Outcome(Kind.CONNECT, List.of(), 0);
    }

    static Outcome noCarrier() {
        return new Outcome(Kind.NO_CARRIER, List.of(), 0);
    }

    static Outcome silent() {
        return new Outcome(Kind.SILENT, List.of(), 0);
    }
}
