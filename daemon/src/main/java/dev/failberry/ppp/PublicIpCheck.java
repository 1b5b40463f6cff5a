package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.ppp.IpClassifier.IpClass;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies the link's address when it comes up and, when the carrier NATs (private or CGNAT address)
 * and {@code ppp.public-ip.check-url} is set, asks that URL through the link (socket bound to the link's
 * source address) every {@code check-interval} which address the internet sees. The answer must be a
 * bare public IP literal; anything else is ignored with one log line. Inbound failover cannot work
 * behind NAT: that is logged once and reported in {@link PublicIpInfo#note()}.
 *
 * <p>Behind a router stick ({@code link.type = ethernet} with {@code modem.control = hilink}) the link's
 * own address is always private: the stick NATs. There the stick tells its WAN address itself
 * ({@link #stickWan}), which is the public address when the APN gives one, and no external check is made.
 */
public final class PublicIpCheck {
    private static final Logger log = LoggerFactory.getLogger(PublicIpCheck.class);

    private final FailberryConfig.PublicIp config;
    private final Scheduler scheduler;
    private final Executor executor;
    private final SourceBinding binding;
    private final PppListener listener;
    private final BoundHttpClient http;

    private Cancellable ticker = Cancellable.NONE;
    private int generation;
    private boolean warnedNat;
    private boolean behindStick;
    private LinkInfo current;
    private Optional<String> wan = Optional.empty();
    private String warnedWan;
    private String lastError;
    private volatile PublicIpInfo last;

    public PublicIpCheck(
            FailberryConfig.PublicIp config,
            Duration timeout,
            Scheduler scheduler,
            Executor executor,
            SourceBinding binding,
            PppListener listener) {
        this.config = config;
        this.scheduler = scheduler;
        this.executor = executor;
        this.binding = binding;
        this.listener = listener;
        this.http = new BoundHttpClient(timeout);
    }

    /**
     * The link is a router stick that reports its WAN address ({@link #stickWan}): that address, not an
     * external check, is the public one. Call before the first {@link #start}.
     */
    public void expectStickWan() {
        scheduler.execute(() -> behindStick = true);
    }

    /**
     * The stick's WAN address as its API last said (empty while the stick has no data connection, or
     * does not answer). Published as the public address while the link is up, when it is public.
     */
    public void stickWan(Optional<String> address) {
        scheduler.execute(() -> {
            if (address.equals(wan)) {
                return;
            }
            wan = address;
            if (current != null) {
                publishStick(current);
            }
        });
    }

    public void start(LinkInfo link) {
        scheduler.execute(() -> {
            ticker.cancel();
            int gen = ++generation;
            current = link;
            if (behindStick) {
                publishStick(link);
                return;
            }
            IpClass cls = link.ipClass();
            String note = note(link.localIp(), cls);
            if (!cls.inboundReachable() && !warnedNat) {
                warnedNat = true;
                log.warn("{}", note);
            }
            publish(new PublicIpInfo(
                    link.localIp(),
                    cls,
                    cls == IpClass.PUBLIC ? link.localIp() : null,
                    cls.inboundReachable(),
                    note,
                    null));
            if (cls.natted() && config.checkUrl().isPresent()) {
                ticker = scheduler.scheduleEvery(
                        Duration.ZERO, config.checkInterval(), () -> check(gen, link, cls, note));
            }
        });
    }

    public void stop() {
        scheduler.execute(() -> {
            ticker.cancel();
            generation++;
            current = null;
        });
    }

    /** The public address behind the stick: its WAN address when that is publishable. */
    private void publishStick(LinkInfo link) {
        IpClass local = link.ipClass();
        Optional<IpClass> wanClass = wan.flatMap(IpClassifier::parseLiteral).map(IpClassifier::classify);
        boolean publishable = wanClass.map(c -> c == IpClass.PUBLIC || c == IpClass.DOCUMENTATION)
                .orElse(false);
        String note;
        if (wan.isEmpty()) {
            note = "behind the stick's NAT; its WAN address is not known yet (no data connection?)";
        } else if (publishable) {
            note = "the stick's WAN address " + wan.get() + " is public"
                    + (wanClass.get() == IpClass.DOCUMENTATION ? " (documentation range)" : "")
                    + ": inbound failover can work with the stick's DMZ pointed at the Pi (modem.hilink.dmz)";
        } else {
            note = "the stick's WAN address " + wan.get() + " is "
                    + wanClass.map(c ->
                                    c.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                            .orElse("not an address")
                    + ": the carrier NATs, inbound failover cannot work (needs a public-IP APN, IPv6 or a tunnel)";
        }
        if (wan.isPresent() && !publishable && !wan.get().equals(warnedWan)) {
            warnedWan = wan.get();
            log.warn("{}", note);
        }
        publish(new PublicIpInfo(
                link.localIp(),
                local,
                publishable ? wan.get() : null,
                wanClass.map(IpClass::inboundReachable).orElse(false),
                note,
                wan.isPresent() ? scheduler.time().now() : null));
    }

    public PublicIpInfo last() {
        return last;
    }

    static String note(String ip, IpClass cls) {
        return switch (cls) {
            case PUBLIC -> "link address " + ip + " is public: inbound failover can work";
            case CGNAT ->
                "link address " + ip + " is carrier-grade NAT (100.64.0.0/10): inbound failover cannot work"
                        + " (needs a public-IP APN, IPv6 or a tunnel)";
            case PRIVATE ->
                "link address " + ip + " is private (RFC 1918), the carrier NATs: inbound failover cannot"
                        + " work (needs a public-IP APN, IPv6 or a tunnel)";
            default ->
                "link address " + ip + " is "
                        + cls.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + ": inbound failover cannot work";
        };
    }

    private void check(int gen, LinkInfo link, IpClass cls, String note) {
        InetAddress ip = link.localAddress();
        executor.execute(() -> {
            Optional<String> answer;
            String error = null;
            try {
                answer = fetch(ip);
                if (answer.isEmpty()) {
                    error = "answer is not a public IP address";
                }
            } catch (IOException | RuntimeException e) {
                answer = Optional.empty();
                error = e.getMessage();
            }
            Optional<String> a = answer;
            String err = error;
            scheduler.execute(() -> {
                if (gen != generation) {
                    return;
                }
                if (a.isPresent()) {
                    lastError = null;
                    publish(new PublicIpInfo(
                            link.localIp(),
                            cls,
                            a.get(),
                            false,
                            note,
                            scheduler.time().now()));
                } else if (err != null && !err.equals(lastError)) {
                    lastError = err;
                    log.warn("public IP check through the link failed: {}", err);
                }
            });
        });
    }

    private Optional<String> fetch(InetAddress ip) throws IOException {
        var response = http.get(config.checkUrl().orElseThrow(), Optional.of(binding.sourceFor(ip)));
        if (response.status() != 200) {
            throw new IOException("HTTP " + response.status());
        }
        return parseAnswer(response.body());
    }

    /** A plain-text answer that is exactly one public IP literal (whitespace around it allowed). */
    static Optional<String> parseAnswer(String body) {
        return IpClassifier.parseLiteral(body)
                .filter(a -> IpClassifier.classify(a) == IpClass.PUBLIC)
                .map(InetAddress::getHostAddress);
    }

    private void publish(PublicIpInfo info) {
        PublicIpInfo before = last;
        last = info;
        if (before == null || !info.equals(before)) {
            if (before != null && info.publicIp() != null && !info.publicIp().equals(before.publicIp())) {
                log.info("public IP of the link: {}", info.publicIp());
            }
            listener.publicIp(info);
        }
    }
}
