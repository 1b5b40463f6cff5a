package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.history.Dashboard;
import dev.failberry.history.EventsRoute;
import dev.failberry.history.History;
import dev.failberry.history.HistoryMetrics;
import dev.failberry.notify.EventSink;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs the history into a daemon through its seams: the supervisor's state listener, status parts,
 * metrics, and admin GET routes ({@code /events}, the dashboard at {@code /}). The daemon runs without
 * history when it is off or its directory cannot be used (logged once).
 */
final class HistoryBridge {
    private static final Logger log = LoggerFactory.getLogger(HistoryBridge.class);

    /**
     * The wired path and the budget block as the status shows them ({@code wired.path},
     * {@code firewall.blocked_by_cap}); unknown and not blocked while those parts are absent.
     */
    static final History.Sources STATUS_SOURCES = new History.Sources(
            s -> s.network() == null || s.network().wired() == null
                    ? null
                    : s.network().wired().path(),
            s -> s.network() != null
                    && s.network().firewall() != null
                    && s.network().firewall().blockedByCap());

    private HistoryBridge() {}

    static Optional<History> attach(Daemon daemon, FailberryConfig config, History.Sources sources) {
        if (!config.history().enabled()) {
            return Optional.empty();
        }
        Supervisor sup = daemon.supervisor();
        History history;
        try {
            history = History.open(config.history(), config.stateDir(), sup.scheduler(), sup::snapshot, sources);
        } catch (IOException | RuntimeException e) {
            log.warn("history: off: cannot use {} ({})", config.stateDir().resolve(History.DIRECTORY), e.toString());
            return Optional.empty();
        }
        sup.addStateListener((from, to, reason) -> history.stateChanged(from.name(), to.name(), reason));
        HistoryMetrics.register(daemon.metrics().registry(), history);
        daemon.admin().statusPart("availability", () -> history.availability().toJsonMap());
        daemon.admin().statusPart("history", history::statusMap);
        daemon.admin().get("/events", EventsRoute.of(history, ZoneId.systemDefault()));
        Dashboard.routes(history, daemon.admin()::statusMap, ZoneId.systemDefault())
                .forEach(daemon.admin()::get);
        daemon.closeOnStop(history);
        return Optional.of(history);
    }

    /** The history's event sink, or none. */
    static EventSink sink(Optional<History> history) {
        return history.map(History::sink).orElse(EventSink.NONE);
    }
}
