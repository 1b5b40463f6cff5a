package dev.failberry.usbnet;

import dev.failberry.config.FailberryConfig;
import dev.failberry.time.Backoff;
import dev.failberry.time.Scheduler;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which interface is the stick's, and where it stands ({@link StickPort}), event-driven: the
 * {@link InterfaceWatch} ({@code ip -o monitor link address}) says what changed, and the stick's
 * interface is picked out of it by name ({@code link.interface = usb0}) or, for {@code auto}, by USB id
 * through {@link StickInterfaces} (sysfs is read only when the set of interfaces changed, never on an
 * address event). Once found, the interface is followed by its index, so a rename keeps it; when it goes
 * away, the next interface that appears is looked up by USB id again: a stick that comes back as
 * {@code eth2} or {@code enx...} after a power cycle is found again. A stick still in CD-ROM mode is
 * reported with the usb_modeswitch hint (logged once per device).
 *
 * <p>Threads: everything runs on the scheduler given (the supervisor's), where listeners are called.
 */
public final class StickWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StickWatch.class);
    private static final Backoff RESTART = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 0.2);

    /** What the last look chose, and what it was chosen from (to know when to read sysfs again). */
    record Selection(StickPort port, Integer index, InterfaceLookup lookup, Map<Integer, String> links) {
        static final Selection NONE = new Selection(new StickPort.Absent("not looked for yet"), null, null, null);
    }

    private final InterfaceWatch watch;
    private final Optional<String> name;
    private final Supplier<InterfaceLookup> finder;
    private final List<Consumer<StickPort>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> hinted = new HashSet<>();
    private Selection selection = Selection.NONE;
    private volatile StickPort current = Selection.NONE.port();
    private boolean started;

    /**
     * @param name   the configured interface name, or empty for {@code auto}
     * @param finder reads sysfs for the stick's interface ({@link StickInterfaces#find})
     */
    public StickWatch(Path ip, Scheduler scheduler, Optional<String> name, Supplier<InterfaceLookup> finder) {
        this.name = name;
        this.finder = finder;
        this.watch = new InterfaceWatch(ip, scheduler, RESTART, this::changed);
    }

    public static StickWatch fromConfig(FailberryConfig config, Scheduler scheduler) {
        StickInterfaces interfaces = StickInterfaces.fromConfig(config);
        Optional<String> name = config.link().autoInterface()
                ? Optional.empty()
                : Optional.of(config.link().interfaceName());
        return new StickWatch(config.routing().ip(), scheduler, name, interfaces::find);
    }

    /** {@code l} hears every change, on the scheduler. */
    public void listen(Consumer<StickPort> l) {
        listeners.add(l);
    }

    /** Starts watching (once; later calls do nothing: the watch restarts its monitor by itself). */
    public synchronized void start() {
        if (!started) {
            started = true;
            watch.start();
        }
    }

    public StickPort current() {
        return current;
    }

    private void changed(NetState state) {
        selection = select(state, selection, name, finder);
        StickPort port = selection.port();
        if (port.equals(current)) {
            return;
        }
        StickPort before = current;
        current = port;
        log(before, port);
        listeners.forEach(l -> l.accept(port));
    }

    private void log(StickPort before, StickPort now) {
        if (now instanceof StickPort.CdRom c) {
            if (hinted.add(c.ids())) {
                LOG.warn("stick: {}", c.hint());
            }
        } else if (now instanceof StickPort.Absent a) {
            LOG.info("stick: no interface: {}", a.reason());
        } else if (now instanceof StickPort.Present p) {
            boolean sameBefore = before instanceof StickPort.Present b
                    && b.index() == p.index()
                    && b.name().equals(p.name())
                    && b.running() == p.running();
            String what = p.name()
                    + (p.running() ? " up" : " down (no carrier)")
                    + p.ipv4().map(a -> ", " + a.text() + "/" + a.prefix()).orElse(", no IPv4 address yet");
            if (sameBefore) {
                LOG.info("stick: {}", what);
            } else {
                LOG.info("stick: {} ({})", what, p.device());
            }
        }
    }

    /** Pure but for {@code finder}, which it calls only when the set of interfaces changed. */
    static Selection select(
            NetState state, Selection previous, Optional<String> name, Supplier<InterfaceLookup> finder) {
        Map<Integer, String> links = new TreeMap<>();
        state.interfaces().forEach((i, f) -> links.put(i, f.name()));
        boolean linksChanged = previous.links() == null || !previous.links().equals(links);
        if (name.isPresent()) {
            Optional<NetState.Iface> named = state.byName(name.get());
            if (named.isPresent()) {
                return new Selection(
                        present(named.get(), name.get()), named.get().index(), previous.lookup(), links);
            }
            InterfaceLookup lookup = linksChanged ? finder.get() : previous.lookup();
            StickPort port = lookup instanceof InterfaceLookup.StorageMode s
                    ? new StickPort.CdRom(s.device().ids(), s.hint())
                    : new StickPort.Absent(name.get() + " does not exist (stick unplugged, still starting, or renamed? "
                            + "link.interface = auto finds it by USB id)");
            return new Selection(port, null, lookup, links);
        }
        if (previous.index() != null) {
            Optional<NetState.Iface> same = state.byIndex(previous.index());
            if (same.isPresent()) {
                String device = previous.lookup() instanceof InterfaceLookup.Found f
                        ? f.describe()
                        : same.get().name();
                return new Selection(present(same.get(), device), previous.index(), previous.lookup(), links);
            }
        }
        InterfaceLookup lookup = linksChanged || previous.index() != null ? finder.get() : previous.lookup();
        if (lookup instanceof InterfaceLookup.Found f) {
            Optional<NetState.Iface> iface = state.byName(f.name());
            if (iface.isPresent()) {
                return new Selection(
                        present(iface.get(), f.describe()), iface.get().index(), lookup, links);
            }
            return new Selection(new StickPort.Absent(f.describe() + " is not in ip's view yet"), null, lookup, links);
        }
        if (lookup instanceof InterfaceLookup.StorageMode s) {
            return new Selection(new StickPort.CdRom(s.device().ids(), s.hint()), null, lookup, links);
        }
        String why = lookup instanceof InterfaceLookup.NotFound nf ? nf.reason() : "not looked for yet";
        return new Selection(new StickPort.Absent(why), null, lookup, links);
    }

    private static StickPort.Present present(NetState.Iface iface, String device) {
        Optional<StickPort.Address> v4 = Optional.empty();
        for (IpEvent.Address a : iface.addresses()) {
            if (a.address() instanceof Inet4Address four
                    && !a.tentative()
                    && !a.deleted()
                    && !four.isLinkLocalAddress()
                    && !"host".equals(a.scope())) {
                v4 = Optional.of(new StickPort.Address(four, a.prefix()));
                break;
            }
        }
        return new StickPort.Present(iface.index(), iface.name(), iface.running(), v4, device);
    }

    @Override
    public void close() {
        watch.close();
    }
}
