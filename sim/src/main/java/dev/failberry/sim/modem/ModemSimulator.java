package dev.failberry.sim.modem;

import dev.failberry.sim.modem.Personality.Vendor;
import dev.failberry.sim.modem.SimState.DialOutcome;
import dev.failberry.sim.modem.SimState.Registration;
import dev.failberry.sim.modem.SimState.Sim;
import dev.failberry.sim.pty.Pty;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A USB 3G stick on two real pseudo-terminals (control and data port) sharing one modem state,
 * speaking AT like the chosen {@link Personality}. The daemon opens {@link #controlPath()} with the
 * same jSerialComm code as real hardware. Conditions and faults are set with plain methods; the
 * command log tells tests what the daemon sent.
 *
 * <p>Threads: one reader per PTY and one timer (URCs, reboot, SIM/registration delays). Replies are
 * produced on the reader thread, so a slow reply delays the next command exactly like a busy modem.
 */
public final class ModemSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModemSimulator.class);
    private static final int MAX_LOG = 10_000;
    private static final String BOOT_URC = "^BOOT:35323129,0,0,0,26";
    private static final String FLOW_URC =
            "^DSFLOWRPT:0000003C,00000000,00000000,0000000000001A2B,00000000000034CD,0003E800,0003E800";

    final Object lock = new Object();
    private final Personality personality;
    private final SimTiming timing;
    private final Path linkDir;
    private final ModemState state = new ModemState();
    private final CommandTable table = new CommandTable();
    private final ScheduledExecutorService timer;

    private volatile PortSession control;
    private volatile PortSession data;
    private volatile boolean present;
    private volatile boolean hung;
    private volatile boolean hungEcho;
    private volatile long replyDelayMillis;
    private volatile boolean garbage;
    private volatile String urcNoise;
    private Sim simAfterBusy = Sim.READY;
    private int lastStat;
    private int lastRssi;
    private ScheduledFuture<?> storm;
    private String stormLine;
    private ScheduledFuture<?> bootUrcs;
    private ScheduledFuture<?> flowReports;
    private final List<ScheduledFuture<?>> transitions = new ArrayList<>();
    private final List<SimCommand> commandLog = new CopyOnWriteArrayList<>();
    private final List<Consumer<SimCommand>> commandListeners = new CopyOnWriteArrayList<>();

    private ModemSimulator(Personality personality, SimTiming timing, Path linkDir) {
        this.personality = Objects.requireNonNull(personality);
        this.timing = Objects.requireNonNull(timing);
        this.linkDir = linkDir;
        GsmCommands.register(table);
        SmsCommands.register(table);
        if (personality.vendor() == Vendor.HUAWEI) {
            VendorCommands.registerHuawei(table);
        } else if (personality.vendor() == Vendor.ZTE) {
            VendorCommands.registerZte(table);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modem-sim timer");
            t.setDaemon(true);
            return t;
        });
        lastStat = state.stat();
        lastRssi = state.effectiveRssi();
    }

    /**
     * Starts a registered, SIM-ready modem. With {@code linkDir}, stable symlinks
     * {@code linkDir/ttyUSB2} (control) and {@code linkDir/ttyUSB0} (data) follow the ports across
     * vanish and reboot, like /dev/serial/by-id.
     */
    public static ModemSimulator start(Personality personality, SimTiming timing, Path linkDir) throws IOException {
        if (linkDir != null) {
            java.nio.file.Files.createDirectories(linkDir);
        }
        ModemSimulator sim = new ModemSimulator(personality, timing, linkDir);
        sim.openPorts(false);
        log.info(
                "modem simulator {} started: control {} data {}",
                personality.name(),
                sim.controlPath(),
                sim.dataPath());
        return sim;
    }

    public static ModemSimulator start(Personality personality) throws IOException {
        return start(personality, SimTiming.realistic(), null);
    }

    // ------------------------------------------------------------------ where to find it

    /** The stable symlink if a link directory was given, else the current /dev/pts path. */
    public String controlPath() {
        return linkDir != null ? linkDir.resolve("ttyUSB2").toString() : controlDevice();
    }

    public String dataPath() {
        return linkDir != null ? linkDir.resolve("ttyUSB0").toString() : dataDevice();
    }

    /** The current /dev/pts/N of the control port, or null while vanished. */
    public String controlDevice() {
        PortSession s = control;
        return s == null || s.isClosed() ? null : s.pty.slavePath();
    }

    public String dataDevice() {
        PortSession s = data;
        return s == null || s.isClosed() ? null : s.pty.slavePath();
    }

    /** False while vanished or rebooting. */
    public boolean isPresent() {
        return present;
    }

    public Personality personality() {
        return personality;
    }

    public SimTiming timing() {
        return timing;
    }

    // ------------------------------------------------------------------ SIM and network

    /** Sets the SIM condition at once (BUSY stays until {@link #setSimBusyFor} or another call). */
    public void setSim(Sim sim) {
        mutate(() -> {
            state.sim = sim;
            if (sim == Sim.PIN) {
                state.pinEnabled = true;
            }
            if (sim == Sim.READY) {
                state.attached = true;
            }
        });
    }

    /** Locks the SIM with this PIN (3 tries, then PUK). */
    public void setSimPin(String pin) {
        mutate(() -> {
            state.pin = pin;
            state.pinEnabled = true;
            state.pinTries = 3;
            state.sim = Sim.PIN;
        });
    }

    /** The SIM's PIN attempts left (as if wrong PINs had been tried before); 0 locks it to its PUK. */
    public void setPinTriesLeft(int tries) {
        mutate(() -> {
            state.pinTries = tries;
            if (tries <= 0) {
                state.sim = Sim.PUK;
            }
        });
    }

    public int pinTriesLeft() {
        synchronized (lock) {
            return state.pinTries;
        }
    }

    /** SIM answers +CME ERROR: 14 for this long, then becomes ready (or PIN-locked) and the modem registers. */
    public void setSimBusyFor(Duration d) {
        mutate(() -> {
            simAfterBusy = afterPowerUp();
            state.sim = Sim.BUSY;
        });
        later(d, this::simBusyOver);
    }

    /** The registration the network grants (when radio on and SIM ready). URCs follow if enabled. */
    public void setRegistration(Registration r) {
        mutate(() -> state.network = r);
    }

    /** +CSQ rssi: 0..31 or 99. */
    public void setSignal(int rssi) {
        if (rssi != 99 && (rssi < 0 || rssi > 31)) {
            throw new IllegalArgumentException("rssi must be 0..31 or 99, got " + rssi);
        }
        mutate(() -> state.rssi = rssi);
    }

    /** 27.007 AcT: 0 GSM, 2 UTRAN, 6 HSPA, 7 LTE. */
    public void setAccessTechnology(int act) {
        mutate(() -> state.act = act);
    }

    public void setDialOutcome(DialOutcome o) {
        mutate(() -> state.dialOutcome = o);
    }

    // ------------------------------------------------------------------ SMS

    /** The SMS the stick accepted, in order (PDU-mode payloads decode with {@code SmsPduDecoder}). */
    public List<SentSms> sentSms() {
        synchronized (lock) {
            return List.copyOf(state.sent);
        }
    }

    /** The next submissions are refused with these {@code +CMS ERROR} codes, one each (e.g. 500 unknown, 331 no network service). */
    public void refuseSms(int... cmsErrors) {
        synchronized (lock) {
            for (int code : cmsErrors) {
                state.smsRefusals.add(code);
            }
        }
    }

    /** A stick without PDU mode refuses {@code AT+CMGF=0} with {@code +CMS ERROR: 303}. */
    public void setPduModeSupported(boolean supported) {
        mutate(() -> {
            state.pduSupported = supported;
            if (!supported) {
                state.cmgf = 1;
            }
        });
    }

    // ------------------------------------------------------------------ faults

    /** Hung: commands get no reply; with {@code echo} the modem still echoes what it receives. */
    public void setHung(boolean hung, boolean echo) {
        this.hungEcho = echo;
        this.hung = hung;
        log.info("modem simulator: hung={} echo={}", hung, echo);
    }

    /** Every reply is delayed this long (the next command waits behind it, as on a busy modem). */
    public void setReplyDelay(Duration d) {
        replyDelayMillis = d.toMillis();
    }

    /** Replies preceded by NULs and line noise, with {@code \r\r\n} line ends. */
    public void setGarbage(boolean on) {
        garbage = on;
    }

    /** A URC slipped between the information lines and the final result of every reply (null: off). */
    public void setUrcNoise(String urc) {
        urcNoise = urc;
    }

    /** Sends {@code urc} on the control port every {@code period} (e.g. {@code +ZUSIMR:2} every 50 ms). */
    public void startUrcStorm(String urc, Duration period) {
        synchronized (lock) {
            stopUrcStorm();
            stormLine = urc;
            storm = timer.scheduleAtFixedRate(guard(() -> emitUrc(urc)), 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void stopUrcStorm() {
        synchronized (lock) {
            if (storm != null) {
                storm.cancel(false);
                storm = null;
                stormLine = null;
            }
        }
    }

    public boolean urcStormRunning() {
        synchronized (lock) {
            return storm != null;
        }
    }

    /** Writes one URC on the control port now. */
    public void emitUrc(String urc) {
        PortSession c = control;
        if (c != null && present) {
            c.urc(urc);
        }
    }

    /** Closes both PTYs: the daemon's reads fail with EIO. Modem state is kept. */
    public void vanish() {
        synchronized (lock) {
            if (!present) {
                return;
            }
            present = false;
            cancelTasks();
            closePorts();
        }
        log.info("modem simulator: vanished");
    }

    /** Vanishes, then comes back after {@code after}, under new /dev/pts names if asked. */
    public void vanish(Duration after, boolean newNames) {
        vanish();
        later(after, () -> reappear(newNames));
    }

    /** Comes back after {@link #vanish()}; per-port settings reset (echo on), symlinks updated. */
    public void reappear(boolean newNames) {
        synchronized (lock) {
            if (present) {
                return;
            }
            try {
                openPorts(newNames);
            } catch (IOException e) {
                log.warn("modem simulator: could not reappear: {}", e.getMessage());
                return;
            }
        }
        log.info("modem simulator: reappeared as control {} data {}", controlDevice(), dataDevice());
    }

    /** What +CFUN=1,1 or ^RESET does: gone for {@code rebootSilence}, then back with E1, ^BOOT, SIM busy, registering. */
    public void reboot() {
        synchronized (lock) {
            log.info(
                    "modem simulator: rebooting ({} ms silent)",
                    timing.rebootSilence().toMillis());
            vanish();
            boolean simPresent = state.sim != Sim.ABSENT && state.sim != Sim.FAILURE;
            simAfterBusy = afterPowerUp();
            state.sim = simPresent ? Sim.BUSY : state.sim;
            state.cfun = 1;
            state.attached = false;
            state.curc = true;
            state.copsFormat = 0;
            hung = false;
            lastStat = state.stat();
        }
        later(timing.rebootSilence(), () -> {
            reappear(true);
            synchronized (lock) {
                if (personality.vendor() == Vendor.HUAWEI) {
                    bootUrcs = timer.scheduleAtFixedRate(
                            guard(() -> {
                                if (state.curc) {
                                    emitUrc(BOOT_URC);
                                }
                            }),
                            0,
                            timing.bootUrcInterval().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            later(timing.simBusyAfterBoot(), this::simBusyOver);
        });
    }

    /** Like a DTR drop: ends a data call on either port with NO CARRIER. */
    public void dropCarrier() {
        synchronized (lock) {
            hangUpAll();
        }
    }

    public boolean inDataMode(SimPort port) {
        PortSession s = port == SimPort.CONTROL ? control : data;
        return s != null && s.dataMode;
    }

    // ------------------------------------------------------------------ command log

    public List<SimCommand> receivedCommands() {
        return List.copyOf(commandLog);
    }

    /** The AT lines received on one port, in order. */
    public List<String> commandLines(SimPort port) {
        return commandLog.stream()
                .filter(c -> c.port() == port)
                .map(SimCommand::line)
                .toList();
    }

    public void clearCommandLog() {
        commandLog.clear();
    }

    public void addCommandListener(Consumer<SimCommand> l) {
        commandListeners.add(l);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (lock) {
            present = false;
            closePorts();
        }
        log.info("modem simulator {} stopped", personality.name());
    }

    // ------------------------------------------------------------------ package: used by sessions and handlers

    ModemState state() {
        return state;
    }

    CommandTable table() {
        return table;
    }

    boolean isHung() {
        return hung;
    }

    boolean hungEchoes() {
        return hungEcho;
    }

    long replyDelayMillis() {
        return replyDelayMillis;
    }

    boolean garbage() {
        return garbage;
    }

    String urcNoise() {
        return urcNoise;
    }

    void logCommand(SimPort port, String line) {
        SimCommand c = new SimCommand(port, line, Instant.now());
        if (commandLog.size() < MAX_LOG) {
            commandLog.add(c);
        }
        log.debug("modem simulator {}: <- {}", port, line);
        for (Consumer<SimCommand> l : commandListeners) {
            l.accept(c);
        }
    }

    /** Called by a session after it wrote a reply: emit URCs for what the command changed. */
    void afterReply(PortSession port) {
        synchronized (lock) {
            notifyChanges();
        }
    }

    void schedule(Runnable r, long delayMs) {
        if (!timer.isShutdown()) {
            timer.schedule(guard(r), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    void rebootSoon(String why) {
        log.info("modem simulator: {} -> reboot", why);
        schedule(this::reboot, 50);
    }

    void setFunctionality(int cfun) {
        state.cfun = cfun;
    }

    void simUnlocked() {
        state.sim = Sim.READY;
        state.attached = false;
        later(timing.registerAfterSim(), this::attach);
    }

    void cpmsQueried() {
        if (personality.vendor() == Vendor.ZTE && stormLine != null && stormLine.startsWith("+ZUSIMR")) {
            log.info("modem simulator: +CPMS? quietened the +ZUSIMR flood");
            stopUrcStorm();
        }
    }

    void hangUpAll() {
        for (PortSession s : new PortSession[] {control, data}) {
            if (s != null) {
                s.endCall();
            }
        }
    }

    void callStarted(PortSession port) {
        log.info("modem simulator: data call up on {}", port.which);
        if (personality.vendor() == Vendor.HUAWEI && flowReports == null) {
            flowReports = timer.scheduleAtFixedRate(
                    guard(() -> {
                        if (state.curc) {
                            emitUrc(FLOW_URC);
                        }
                    }),
                    timing.flowReportInterval().toMillis(),
                    timing.flowReportInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    void callEnded(PortSession port) {
        log.info("modem simulator: data call ended on {} ({} bytes received)", port.which, port.dataBytes);
        synchronized (lock) {
            if (flowReports != null) {
                flowReports.cancel(false);
                flowReports = null;
            }
        }
    }

    // ------------------------------------------------------------------ internals

    /** What the SIM asks for when it powers up: the card keeps its PUK lock and its attempt counter. */
    private Sim afterPowerUp() {
        if (state.sim == Sim.PUK || state.sim == Sim.BUSY && simAfterBusy == Sim.PUK) {
            return Sim.PUK;
        }
        return state.pinEnabled ? Sim.PIN : Sim.READY;
    }

    private void simBusyOver() {
        mutate(() -> {
            if (state.sim == Sim.BUSY) {
                state.sim = simAfterBusy;
                if (state.sim == Sim.READY) {
                    state.attached = false;
                    later(timing.registerAfterSim(), this::attach);
                }
            }
        });
    }

    private void attach() {
        mutate(() -> state.attached = true);
    }

    private void mutate(Runnable r) {
        synchronized (lock) {
            r.run();
            notifyChanges();
        }
    }

    /** Emits registration and signal URCs on every port that asked for them. Under the lock. */
    private void notifyChanges() {
        int stat = state.stat();
        int rssi = state.effectiveRssi();
        if (stat != lastStat) {
            lastStat = stat;
            for (PortSession s : new PortSession[] {control, data}) {
                if (s == null) {
                    continue;
                }
                if (s.cregN > 0) {
                    s.urc(GsmCommands.regLine("+CREG", s.cregN, state, false));
                }
                if (s.cgregN > 0) {
                    s.urc(GsmCommands.regLine("+CGREG", s.cgregN, state, false));
                }
                if (s.ceregN > 0) {
                    s.urc(GsmCommands.regLine("+CEREG", s.ceregN, state, false));
                }
            }
            boolean reg = stat == 1 || stat == 5;
            if (personality.vendor() == Vendor.HUAWEI && state.curc) {
                emitUrc("^SRVST:" + (reg ? 2 : 0));
                emitUrc(reg ? "^MODE:5,4" : "^MODE:0,0");
            } else if (personality.vendor() == Vendor.ZTE) {
                emitUrc("+ZPASR: \"" + (reg ? VendorCommands.zteAct(state.act) : "No Service") + "\"");
            }
        }
        if (rssi != lastRssi) {
            lastRssi = rssi;
            if (personality.vendor() == Vendor.HUAWEI && state.curc) {
                emitUrc("^RSSI:" + rssi);
            }
        }
    }

    private void openPorts(boolean newNames) throws IOException {
        String oldControl = control == null ? null : control.pty.slavePath();
        String oldData = data == null ? null : data.pty.slavePath();
        Pty c = openPty(newNames ? oldControl : null);
        Pty d;
        try {
            d = openPty(newNames ? oldData : null);
        } catch (IOException e) {
            c.close();
            throw e;
        }
        if (linkDir != null) {
            c.linkAs(linkDir.resolve("ttyUSB2"));
            d.linkAs(linkDir.resolve("ttyUSB0"));
        }
        control = new PortSession(SimPort.CONTROL, c, this);
        data = new PortSession(SimPort.DATA, d, this);
        present = true;
        control.start();
        data.start();
    }

    /** Opens a PTY whose name differs from {@code avoid} (devpts reuses the lowest free number). */
    private static Pty openPty(String avoid) throws IOException {
        Pty p = Pty.open();
        if (avoid != null && p.slavePath().equals(avoid)) {
            Pty other = Pty.open();
            p.close();
            return other;
        }
        return p;
    }

    private void closePorts() {
        for (PortSession s : new PortSession[] {control, data}) {
            if (s != null) {
                s.dataMode = false;
                s.close();
            }
        }
    }

    private void cancelTasks() {
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {storm, bootUrcs, flowReports}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        storm = null;
        stormLine = null;
        bootUrcs = null;
        flowReports = null;
        transitions.forEach(f -> f.cancel(false));
        transitions.clear();
    }

    private void later(Duration d, Runnable r) {
        synchronized (lock) {
            if (!timer.isShutdown()) {
                transitions.removeIf(ScheduledFuture::isDone);
                transitions.add(timer.schedule(guard(r), d.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
    }

    private static Runnable guard(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("modem simulator: timer task failed: {}", e.toString());
            }
        };
    }
}
