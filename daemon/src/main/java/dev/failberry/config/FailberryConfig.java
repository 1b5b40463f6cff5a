package dev.failberry.config;

import dev.failberry.time.Backoff;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, validated and immutable, built once at start by {@link ConfigLoader}.
 * Field meanings and defaults are documented in {@code reference.conf}; the nested records mirror its
 * sections one to one.
 */
public record FailberryConfig(
        String source,
        Path stateDir,
        Path runtimeDir,
        String logLevel,
        Modem modem,
        Ppp ppp,
        UsbPower usbPower,
        Recovery recovery,
        Dns dns,
        Aws aws,
        Health health,
        Admin admin,
        Wired wired,
        Routing routing,
        Firewall firewall,
        NotifyConfig notifications,
        LinkConfig link,
        HistoryConfig history,
        List<String> warnings) {

    public enum FlowControl {
        NONE,
        RTS_CTS
    }

    public record Modem(
            String port,
            String dataPort,
            String apn,
            int contextId,
            Optional<Secret> pin,
            int baud,
            FlowControl flowControl,
            Duration commandTimeout,
            int hungThreshold,
            Duration pollInterval,
            Duration registrationTimeout,
            Duration simBusyTimeout,
            String resetCommand,
            boolean quietUrcs,
            Discovery discovery) {

        public boolean autoPort() {
            return "auto".equals(port);
        }

        /** True when pppd dials on the control port itself (no separate data port). */
        public boolean sharedDataPort() {
            return dataPort.equals(port);
        }
    }

    public record Discovery(
            Optional<String> vendorId,
            Optional<String> productId,
            Optional<Integer> controlInterface,
            Optional<Integer> dataInterface,
            Path sysfsRoot,
            Path devRoot) {}

    public record Ppp(
            Path pppd,
            Path chat,
            String interfaceName,
            String dialNumber,
            Duration connectTimeout,
            boolean usePeerDns,
            boolean defaultRoute,
            int defaultRouteMetric,
            int lcpEchoInterval,
            int lcpEchoFailure,
            List<String> extraOptions,
            Duration stopGrace,
            Redial redial,
            Probe probe,
            PublicIp publicIp,
            DataUsage dataUsage) {}

    public record Redial(Backoff backoff, Duration stableAfter) {}

    public record Probe(
            List<HostPort> targets,
            Optional<URI> httpUrl,
            Duration interval,
            Duration timeout,
            int window,
            int failures) {

        public boolean enabled() {
            return !targets.isEmpty() || httpUrl.isPresent();
        }
    }

    public record PublicIp(Optional<URI> checkUrl, Duration checkInterval) {}

    /** What the daemon does when the period's usage reaches the cap. */
    public enum CapAction {
        WARN,
        BLOCK
    }

    /**
     * The mobile data budget (see reference.conf {@code ppp.data-usage}).
     *
     * @param resetDay       1-31; in a shorter month the period starts on its last day
     * @param sampleInterval how often the interface counters are read (cheap) and the cap is checked
     * @param saveInterval   how often the counters are written to the SD card
     * @param capAllow       LAN sources that keep the mobile link after a {@code block}
     */
    public record DataUsage(
            Path statisticsDir,
            int resetDay,
            Optional<Long> capBytes,
            int warnPercent,
            Duration saveInterval,
            Duration sampleInterval,
            CapAction capAction,
            List<LanSource> capAllow) {

        public DataUsage {
            capAllow = List.copyOf(capAllow);
        }

        /** The cap-allow entries as normalised address/CIDR text. */
        public List<String> capAllowCidrs() {
            return capAllow.stream().map(LanSource::cidr).toList();
        }

        /** True when reaching the cap stops LAN forwarding over the link. */
        public boolean blocks() {
            return capBytes.isPresent() && capAction == CapAction.BLOCK;
        }
    }

    /**
     * A LAN source address or network as configured, normalised ({@link Cidr#toString()}), with where it is
     * written: whether it lies in the wired LAN can only be checked on the host.
     */
    public record LanSource(String cidr, String file, int line) {}

    public enum UsbPowerMethod {
        UHUBCTL,
        SYSFS,
        NONE
    }

    public record UsbPower(
            UsbPowerMethod method,
            Path command,
            String location,
            List<Integer> ports,
            List<String> extraLocations,
            Duration offTime,
            Optional<String> sysfsDevice,
            Duration waitForModem) {}

    public record Recovery(
            Duration downGrace,
            int redialAttempts,
            Duration redialCooldown,
            int resetAttempts,
            Duration resetCooldown,
            int powerCycleAttempts,
            Duration powerCycleCooldown,
            Duration minPowerCycleInterval,
            Duration stableTime,
            Duration topPause,
            Duration topPauseMax,
            Reboot reboot) {}

    public record Reboot(boolean enabled, List<String> command, Duration minUptime, int maxPerDay) {}

    public enum DnsProvider {
        ROUTE53,
        LAMBDA,
        NONE
    }

    public enum LambdaMode {
        FUNCTION_URL,
        INVOKE
    }

    public record Dns(
            DnsProvider provider,
            Optional<String> record,
            int ttl,
            boolean ipv6,
            Duration verifyInterval,
            List<HostPort> verifyNameServers,
            boolean sdkProcess,
            Duration sdkProcessIdle,
            Duration retryInitial,
            Duration retryMax,
            Route53 route53,
            Lambda lambda,
            Failover failover) {}

    public record Route53(Optional<String> hostedZoneId, Optional<URI> endpoint, boolean waitForInsync) {}

    public record Lambda(
            LambdaMode mode,
            Optional<URI> functionUrl,
            Optional<String> functionName,
            Optional<Secret> sharedSecret,
            Optional<URI> endpoint) {}

    /** How {@code route53 setup} has the mobile record checked (see {@link Failover}). */
    public enum MobileCheck {
        HTTP,
        CLOUDWATCH,
        NONE
    }

    /**
     * The heartbeat behind {@code mobile-check = cloudwatch}: one PutMetricData datapoint every
     * {@code interval} through the mobile link; the CloudWatch alarm {@code route53 setup} creates goes to
     * ALARM after {@code misses} periods without one.
     *
     * @param endpoint CloudWatch endpoint override (tests, other partitions); empty = the AWS default
     */
    public record Heartbeat(Duration interval, int misses, String namespace, Optional<URI> endpoint) {}

    /**
     * What {@code route53 setup} creates.
     *
     * @param mobileCheck how the mobile record's health is judged: Route53's HTTP checkers through the SIM,
     *                    a CloudWatch alarm on the daemon's heartbeat, or not at all (no check on the SECONDARY record: it is served whenever the wired
     *                    one is unhealthy)
     * @param regions     Route53 checker regions of the mobile record's HTTP check; empty = Route53's default (all)
     * @param heartbeat   the CloudWatch heartbeat (used with {@code mobileCheck = CLOUDWATCH})
     */
    public record Failover(
            Optional<String> name,
            Optional<String> wiredRecord,
            int healthPort,
            int interval,
            int failureThreshold,
            int ttl,
            MobileCheck mobileCheck,
            List<String> regions,
            Heartbeat heartbeat) {

        public Failover {
            regions = List.copyOf(regions);
        }
    }

    public record Aws(String region, Duration apiCallTimeout, Duration apiCallAttemptTimeout) {}

    public record Health(
            String bind,
            int port,
            String path,
            int maxConnections,
            int maxConnectionsPerAddress,
            Duration requestTimeout,
            Duration idleTimeout,
            int maxHeaderSize) {}

    public record Admin(String bind, int port) {}

    /**
     * The Pi's Ethernet towards the LAN and the wired router.
     *
     * @param gateway the wired router's IPv4 address; empty for {@code auto} (learned from the default
     *                route on the interface as the daemon starts)
     */
    public record Wired(String interfaceName, Optional<String> gateway, WiredProbe probe) {}

    /**
     * The wired path's probes ({@code wired.probe}): TCP connects (and an optional HTTP 204 check) from the
     * wired interface's address through the wired router. A round passes when {@code required} of them
     * answer; the path is down when {@code failures} of the last {@code window} rounds failed, and up again
     * after {@code window} passing rounds in a row.
     */
    public record WiredProbe(
            List<ProbeTarget> targets,
            Optional<URI> httpUrl,
            Duration interval,
            Duration timeout,
            int window,
            int failures,
            int required) {

        public boolean enabled() {
            return !targets.isEmpty() || httpUrl.isPresent();
        }

        /** How many checks a round makes (the targets and the HTTP check). */
        public int checks() {
            return targets.size() + (httpUrl.isPresent() ? 1 : 0);
        }

        public List<HostPort> addresses() {
            return targets.stream().map(ProbeTarget::address).toList();
        }
    }

    /** One probe target and where it is written, for messages that can only be made on the host (a name that does not resolve). */
    public record ProbeTarget(HostPort address, String file, int line) {}

    /** Reply routing (see reference.conf {@code routing}); {@code ip} is the iproute2 executable. */
    public record Routing(boolean replyRouting, Path ip) {}

    /**
     * The nftables table {@code inet failberry}.
     *
     * @param allow LAN sources (addresses or CIDRs, as written) that may use the mobile link; empty = all
     */
    public record Firewall(boolean manage, Path nft, List<Forward> forwards, List<String> allow) {}

    public enum Protocol {
        TCP,
        UDP
    }

    /**
     * One inbound port forward over the mobile link: {@code proto} {@code port} on the link to
     * {@code toHost:toPort} on the LAN. {@code file}/{@code line} say where it is written, for messages
     * about it that can only be known on the host (a target outside the wired LAN).
     */
    public record Forward(Protocol proto, int port, String toHost, int toPort, String file, int line) {
        /** e.g. {@code tcp 2222 -> 192.168.1.10:22}. */
        public String describe() {
            return proto.name().toLowerCase(java.util.Locale.ROOT) + " " + port + " -> " + toHost + ":" + toPort;
        }
    }
}
