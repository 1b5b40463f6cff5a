package dev.failberry.sim.modem;

import dev.failberry.sim.modem.SimState.DialOutcome;
import dev.failberry.sim.modem.SimState.Registration;
import dev.failberry.sim.modem.SimState.Sim;
import java.util.TreeMap;

/**
 * The one modem both ports talk to. Plain fields, guarded by {@link ModemSimulator}'s lock: every
 * command handler and timer task runs under it.
 */
final class ModemState {
    Sim sim = Sim.READY;
    /** What the SIM becomes when a busy period ends (PIN if a PIN is enabled). */
    boolean pinEnabled;

    String pin = "1234";
    String puk = "12345678";
    int pinTries = 3;
    int pukTries = 10;

    int cfun = 1;
    Registration network = Registration.HOME;
    /** False while the radio is still searching after power-up or SIM unlock. */
    boolean attached = true;

    int rssi = 17;
    /** 27.007 AcT: 0 GSM, 2 UTRAN, 6 HSPA, 7 LTE. */
    int act = 2;

    int copsFormat;
    boolean curc = true;
    final TreeMap<Integer, String[]> contexts = new TreeMap<>();

    /** 27.005 +CMGF: 0 PDU mode (the default), 1 text mode. */
    int cmgf;

    boolean pduSupported = true;
    String cscs = "IRA";
    int smsReference;
    /** +CMS ERROR codes the next submissions get, one each (then they are accepted). */
    final java.util.Deque<Integer> smsRefusals = new java.util.ArrayDeque<>();

    final java.util.List<SentSms> sent = new java.util.ArrayList<>();

    DialOutcome dialOutcome = DialOutcome.CONNECT;
    String connectRate = "7200000";

    /** Effective CREG stat. */
    int stat() {
        if (cfun != 1 || sim != Sim.READY) {
            return 0;
        }
        if (!attached && (network == Registration.HOME || network == Registration.ROAMING)) {
            return Registration.SEARCHING.stat;
        }
        return network.stat;
    }

    boolean registered() {
        int s = stat();
        return s == 1 || s == 5;
    }

    int effectiveRssi() {
        return cfun == 1 ? rssi : 99;
    }
}
