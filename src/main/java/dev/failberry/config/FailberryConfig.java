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

    public enum FlowControl { NONE, RTS_CTS }

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
            Path devRoot) {
    }

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
            DataUsage dataUsage) {
    }

    public record Redial(Backoff backoff, Duration stableAfter) {
    }

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

    public record PublicIp(Optional<URI> checkUrl, Duration checkInterval) {
    }

    public record DataUsage(
            Path statisticsDir,
            int resetDay,
            Optional<Long> capBytes,
            int warnPercent,
            Duration saveInterval) {
    }

    public enum UsbPowerMethod { UHUBCTL, SYSFS, NONE }

    public record UsbPower(
            UsbPowerMethod method,
            Path command,
            String location,
            List<Integer> ports,
            List<String> extraLocations,
            Duration offTime,
            Optional<String> sysfsDevice,
            Duration waitForModem) {
    }

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
            Reboot reboot) {
    }

    public record Reboot(boolean enabled, List<String> command, Duration minUptime, int maxPerDay) {
    }

    public enum DnsProvider { ROUTE53, LAMBDA, NONE }

    public enum LambdaMode { FUNCTION_URL, INVOKE }

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
            Failover failover) {
    }

    public record Route53(Optional<String> hostedZoneId, Optional<URI> endpoint, boolean waitForInsync) {
    }

    public record Lambda(
            LambdaMode mode,
            Optional<URI> functionUrl,
            Optional<String> functionName,
            Optional<Secret> sharedSecret,
            Optional<URI> endpoint) {
    }

    public record Failover(
            Optional<String> name,
            Optional<String> wiredRecord,
            int healthPort,
            int interval,
            int failureThreshold,
            int ttl) {
    }

    public record Aws(String region, Duration apiCallTimeout, Duration apiCallAttemptTimeout) {
    }

    public record Health(
            String bind,
            int port,
            String path,
            int maxConnections,
            int maxConnectionsPerAddress,
            Duration requestTimeout,
            Duration idleTimeout,
            int maxHeaderSize) {
    }

    public record Admin(String bind, int port) {
    }

    /**
     * The Pi's Ethernet towards the LAN and the wired router.
     *
     * @param gateway the wired router's IPv4 address; empty for {@code auto} (learned from the default
     *                route on the interface as the daemon starts)
     */
    public record Wired(String interfaceName, Optional<String> gateway) {
    }

    /** Reply routing (see reference.conf {@code routing}); {@code ip} is the iproute2 executable. */
    public record Routing(boolean replyRouting, Path ip) {
    }

    /**
     * The nftables table {@code inet failberry}.
     *
     * @param allow LAN sources (addresses or CIDRs, as written) that may use the mobile link; empty = all
     */
    public record Firewall(boolean manage, Path nft, List<Forward> forwards, List<String> allow) {
    }

    public enum Protocol { TCP, UDP }

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
