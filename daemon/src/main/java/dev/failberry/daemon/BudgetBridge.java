package dev.failberry.daemon;

import dev.failberry.budget.BillingPeriod;
import dev.failberry.budget.Budget;
import dev.failberry.budget.BudgetState;
import dev.failberry.budget.BudgetStore;
import dev.failberry.config.FailberryConfig;
import dev.failberry.http.AdminRoute;
import dev.failberry.json.Json;
import dev.failberry.net.Network;
import dev.failberry.notify.EventName;
import dev.failberry.notify.EventSink;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.ppp.DataUsage;
import dev.failberry.ppp.DataUsageSnapshot;
import dev.failberry.status.DataUsageView;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data budget in the daemon: every usage sample ({@code ppp.data-usage.sample-interval}) goes through
 * {@link Budget}'s decision; a changed state is saved at once ({@link BudgetStore}), the block is carried
 * out by the firewall table ({@link Network#capBlock}), the warning and the cap become events, and the
 * status gets usage, cap, projection and the block. Also the admin's {@code POST /data/lift} and
 * {@code /data/block}. Runs on the supervisor's thread.
 */
final class BudgetBridge {
    private static final Logger log = LoggerFactory.getLogger(BudgetBridge.class);

    private final Supervisor supervisor;
    private final FailberryConfig.DataUsage config;
    private final boolean firewallManaged;
    private final BudgetStore store;
    private final ZoneId zone;
    private final Budget.Rules rules;
    private final Network network;
    private EventSink events = EventSink.NONE;
    private BudgetState state = BudgetState.fresh(null);
    private DataUsageSnapshot last = new DataUsageSnapshot(0, 0, null);

    BudgetBridge(Supervisor supervisor, FailberryConfig config, Network network, ZoneId zone) {
        this.supervisor = supervisor;
        this.config = config.ppp().dataUsage();
        this.firewallManaged = config.firewall().manage();
        this.store = new BudgetStore(
                config.stateDir().resolve("budget.properties"),
                supervisor.scheduler().time()::now);
        this.zone = zone;
        this.rules = new Budget.Rules(
                this.config.capBytes().orElse(null), this.config.warnPercent(), this.config.capAction());
        this.network = network;
    }

    /**
     * Where {@code data-warning} and {@code data-cap} go: the notifier's {@link EventSink} (the daemon wires
     * {@link EventSink#NONE} while no notifier is configured; the events are logged either way).
     */
    void events(EventSink target) {
        this.events = target == null ? EventSink.NONE : target;
    }

    /**
     * Before the firewall's first load: the saved block goes into it, so that a restart (or a power cut)
     * never opens a gap.
     */
    void load() {
        state = store.load();
        boolean blocked = Budget.blocked(state, rules);
        if (blocked) {
            log.warn(
                    "data budget: blocked since before this start ({}): LAN traffic does not use the mobile link until {}",
                    state.override() == BudgetState.Override.BLOCKED ? "an admin's block" : "the cap was reached",
                    state.period() == null
                            ? "the next period"
                            : BillingPeriod.next(state.period(), zone, config.resetDay()));
        }
        network.capBlock(blocked);
    }

    /** After the usage counter has loaded its state: the first decision, and the status. */
    void start(DataUsage counter) {
        sampled(counter.snapshot());
    }

    /** A usage sample (on the supervisor's thread). */
    void sampled(DataUsageSnapshot s) {
        last = s;
        apply(Budget.assess(state, rules, s.periodStart(), s.totalBytes()));
    }

    private void apply(Budget.Decision d) {
        if (d.changed()) {
            state = d.state();
            store.save(state);
        }
        for (Budget.Event e : d.events()) {
            tell(e);
        }
        network.capBlock(Budget.blocked(state, rules));
        publish();
    }

    /** One log line per event, and the notification seams for the warning and the cap. */
    private void tell(Budget.Event e) {
        long used = last.totalBytes();
        long cap = rules.capBytes() == null ? 0 : rules.capBytes();
        switch (e.kind()) {
            case WARNING -> {
                log.warn("data budget: {}", e.reason());
                events.emit(event(EventName.DATA_WARNING, e.reason(), used, cap));
            }
            case CAP -> {
                log.warn("data budget: {} (cap-action = {})", e.reason(), action());
                events.emit(event(EventName.DATA_CAP, e.reason(), used, cap));
            }
            case BLOCK_ON -> log.warn("data budget: block on: {}", e.reason());
            case BLOCK_OFF -> log.warn("data budget: block off: {}", e.reason());
            case PERIOD -> log.info("data budget: {}", e.reason());
        }
    }

    private NotifyEvent event(EventName name, String reason, long used, long cap) {
        var time = supervisor.scheduler().time();
        return NotifyEvent.of(name, time, supervisor.state().name(), reason)
                .with("used_bytes", used)
                .with("cap_bytes", cap)
                .with("cap_action", action())
                .with("blocked", Budget.blocked(state, rules));
    }

    private String action() {
        return config.capAction().name().toLowerCase(Locale.ROOT);
    }

    /** The data_usage part of the status, and the firewall part (blocked_by_cap follows the table in force). */
    void publish() {
        var net = network.view();
        // the wired part is NetBridge's (Network's view says "unknown": it does not know the probes' verdict);
        // replacing it would make the wired health check answer 200 while the wired path is down
        supervisor.publish(s -> s.withDataUsage(view())
                .withNetwork(
                        s.network() == null || s.network().wired() == null
                                ? net
                                : net.withWired(s.network().wired())));
    }

    /** The {@code data_usage} object of the status. */
    DataUsageView view() {
        Long cap = rules.capBytes();
        long used = last.totalBytes();
        Instant start = last.periodStart() != null ? last.periodStart() : state.period();
        Instant end = start == null ? null : BillingPeriod.next(start, zone, config.resetDay());
        Integer percent = cap == null ? null : (int) Math.min(Integer.MAX_VALUE, used * 100 / cap);
        return new DataUsageView(
                last.rxBytes(),
                last.txBytes(),
                start,
                cap,
                percent,
                state.warned(),
                end,
                action(),
                state.capped(),
                Budget.blocked(state, rules),
                state.override() == BudgetState.Override.NONE
                        ? null
                        : state.override().name().toLowerCase(Locale.ROOT),
                BillingPeriod.projection(
                        used, start, end, supervisor.scheduler().time().now()),
                network.overhead());
    }

    // ---- the admin's lift and block -----------------------------------------------------------------

    /** {@code POST /data/lift}: no block for the rest of the period. */
    AdminRoute.Response lift() throws Exception {
        return onSupervisor(() -> {
            apply(Budget.lift(state, rules));
            return answer(0, "LAN traffic may use the mobile link until " + until());
        });
    }

    /** {@code POST /data/block}: blocked for the rest of the period, whatever the usage. */
    AdminRoute.Response block() throws Exception {
        if (!firewallManaged) {
            return AdminRoute.Response.json(
                    200,
                    Json.write(
                            body(
                                    2,
                                    "cannot block: firewall.manage = false (the block is a rule in the daemon's firewall table)")));
        }
        return onSupervisor(() -> {
            apply(Budget.block(state, rules));
            if (!network.capBlocked()) {
                return answer(
                        1,
                        "the block is decided but not in force: the firewall table could not be loaded ("
                                + network.view().firewall().lastError() + ")");
            }
            return answer(
                    0,
                    "LAN traffic does not use the mobile link until " + until()
                            + (config.capAllow().isEmpty()
                                    ? ""
                                    : " (except " + String.join(", ", config.capAllowCidrs()) + ")"));
        });
    }

    private String until() {
        Instant start = last.periodStart() != null ? last.periodStart() : state.period();
        return start == null
                ? "the next billing period"
                : BillingPeriod.next(start, zone, config.resetDay()).toString();
    }

    private AdminRoute.Response answer(int exit, String detail) {
        return AdminRoute.Response.json(200, Json.write(body(exit, detail)));
    }

    private Map<String, Object> body(int exit, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blocked", Budget.blocked(state, rules));
        m.put("in_force", network.capBlocked());
        m.put(
                "admin_override",
                state.override() == BudgetState.Override.NONE
                        ? null
                        : state.override().name().toLowerCase(Locale.ROOT));
        m.put("detail", detail);
        m.put("exit_code", exit);
        return m;
    }

    private AdminRoute.Response onSupervisor(java.util.concurrent.Callable<AdminRoute.Response> task) throws Exception {
        var result = new CompletableFuture<AdminRoute.Response>();
        supervisor.scheduler().execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    }
}
