package dev.failberry.config;

import dev.failberry.config.FailberryConfig.Admin;
import dev.failberry.config.FailberryConfig.Aws;
import dev.failberry.config.FailberryConfig.DataUsage;
import dev.failberry.config.FailberryConfig.Discovery;
import dev.failberry.config.FailberryConfig.Dns;
import dev.failberry.config.FailberryConfig.DnsProvider;
import dev.failberry.config.FailberryConfig.Failover;
import dev.failberry.config.FailberryConfig.FlowControl;
import dev.failberry.config.FailberryConfig.Health;
import dev.failberry.config.FailberryConfig.Lambda;
import dev.failberry.config.FailberryConfig.LambdaMode;
import dev.failberry.config.FailberryConfig.Modem;
import dev.failberry.config.FailberryConfig.Ppp;
import dev.failberry.config.FailberryConfig.Probe;
import dev.failberry.config.FailberryConfig.PublicIp;
import dev.failberry.config.FailberryConfig.Reboot;
import dev.failberry.config.FailberryConfig.Recovery;
import dev.failberry.config.FailberryConfig.Redial;
import dev.failberry.config.FailberryConfig.Route53;
import dev.failberry.config.FailberryConfig.UsbPower;
import dev.failberry.config.FailberryConfig.UsbPowerMethod;
import dev.failberry.time.Backoff;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and validates each section of the configuration; the rules are documented in reference.conf. */
final class SectionReader {
    /** APN: 3GPP TS 23.003 labels (letters, digits, hyphen) joined by dots; '_' is seen in the field. */
    static final Pattern APN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?");

    static final Pattern PIN = Pattern.compile("\\d{4,8}");
    static final Pattern PORT_PATH = Pattern.compile("/[A-Za-z0-9/._:+@-]{1,250}");
    static final Pattern DIAL = Pattern.compile("\\*99(\\*\\*\\*\\d{1,2})?#");
    static final Pattern INTERFACE = Pattern.compile("[a-z][a-z0-9]{0,14}");
    static final Pattern USB_LOCATION = Pattern.compile("\\d{1,3}(-\\d{1,3}(\\.\\d{1,3}){0,6})?");
    static final Pattern USB_ID = Pattern.compile("[0-9a-fA-F]{4}");
    static final Pattern RESET = Pattern.compile("(?i)auto|AT[A-Z0-9+^&=,?*#._-]{1,40}");
    static final Pattern DNS_NAME = Pattern.compile(
            "(?i)(?=.{1,253}\\.?$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]\\.?");
    static final Pattern ZONE_ID = Pattern.compile("[A-Z0-9]{1,32}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}|aws-global");
    static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,100}");
    static final Pattern LOG_LEVEL = Pattern.compile("(?i)ERROR|WARN|INFO|DEBUG|TRACE");
    static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    static final Pattern SAFE_ARG = Pattern.compile("[^\\p{Cntrl}]{1,200}");

    private static final Duration MS = Duration.ofMillis(1);

    private final ConfigReader r;
    private final String label;
    private final List<String> warnings = new ArrayList<>();

    SectionReader(ConfigReader reader, String label) {
        this.r = reader;
        this.label = label;
    }

    FailberryConfig read() {
        Path stateDir = r.path("state-dir");
        Path runtimeDir = r.path("runtime-dir");
        String logLevel = r.matched("log-level", LOG_LEVEL, "one of ERROR, WARN, INFO, DEBUG, TRACE")
                .toUpperCase(Locale.ROOT);
        Modem modem = modem();
        Ppp ppp = ppp();
        UsbPower usb = usbPower();
        Recovery recovery = recovery();
        Dns dns = dns();
        Aws aws = aws();
        new BudgetReader(r, warnings)
                .checkHeartbeat(dns.failover(), dns.provider(), dns.lambda().mode() == LambdaMode.INVOKE, aws.region());
        Health health = health();
        Admin admin = admin();
        NotifyConfig notifications = new NotifyReader(r).read();
        LinkConfig link = new LinkReader(r).read();
        if (link.ethernet() && ppp.probe().targets().isEmpty()) {
            warnings.add("link.type = ethernet with ppp.probe.targets = []: nothing verifies the link's traffic, and"
                    + " a stick whose mobile data connection drops keeps its interface and address, so the link"
                    + " would still count as up (and /health answer 200); keep at least one probe target");
        }
        HistoryConfig history = new HistoryReader(r).read();
        if (health.port() != 0 && health.port() == admin.port()) {
            r.problem("admin.port", "must differ from health.port (" + health.port() + ")");
        }
        var net = new NetSectionReader(r, warnings);
        var wired = net.wired(ppp.interfaceName());
        var routing = net.routing(ppp.defaultRoute());
        net.wiredProbesNeedRouting(wired, routing, ppp.defaultRoute());
        var firewall = net.firewall(health.port(), admin.port());
        var budget = new BudgetReader(r, warnings);
        budget.check(ppp.dataUsage(), firewall);
        return new FailberryConfig(
                label,
                stateDir,
                runtimeDir,
                logLevel,
                modem,
                ppp,
                usb,
                recovery,
                dns,
                aws,
                health,
                admin,
                wired,
                routing,
                firewall,
                notifications,
                link,
                history,
                List.copyOf(warnings));
    }

    private Modem modem() {
        String port = portPath("modem.port", true).orElseGet(() -> r.referenceString("modem.port"));
        String dataPort = portPath("modem.data-port", false).orElse(port);
        String apn = r.matched(
                "modem.apn",
                APN,
                "1-100 letters, digits, '.', '-' or '_' (no quotes, spaces or control characters: it goes into a chat script)");
        int cid = r.integer("modem.context-id", 1, 16);
        Optional<Secret> pin =
                r.matching("modem.pin", PIN, "4 to 8 digits", true).map(Secret::new);
        int baud = r.integer("modem.baud", 1200, 4_000_000);
        FlowControl flow = r.enumValue("modem.flow-control", FlowControl.class);
        Duration cmdTimeout = r.duration("modem.command-timeout", Duration.ofMillis(100), Duration.ofSeconds(25));
        int hung = r.integer("modem.hung-threshold", 1, 100);
        Duration poll = r.duration("modem.poll-interval", Duration.ofSeconds(1), Duration.ofHours(1));
        Duration regTimeout = r.duration("modem.registration-timeout", Duration.ofSeconds(10), Duration.ofHours(6));
        Duration simBusy = r.duration("modem.sim-busy-timeout", Duration.ofSeconds(1), Duration.ofMinutes(30));
        String reset = r.matched(
                "modem.reset-command", RESET, "\"auto\" or an AT command such as AT+CFUN=1,1 (no spaces or quotes)");
        boolean quiet = r.bool("modem.quiet-urcs");
        Discovery discovery = new Discovery(
                r.matching("modem.discovery.vendor-id", USB_ID, "4 hex digits such as 12d1", false)
                        .map(s -> s.toLowerCase(Locale.ROOT)),
                r.matching("modem.discovery.product-id", USB_ID, "4 hex digits such as 1506", false)
                        .map(s -> s.toLowerCase(Locale.ROOT)),
                r.optInteger("modem.discovery.interface", 0, 31),
                r.optInteger("modem.discovery.data-interface", 0, 31),
                r.path("modem.discovery.sysfs-root"),
                r.path("modem.discovery.dev-root"));
        return new Modem(
                port,
                dataPort,
                apn,
                cid,
                pin,
                baud,
                flow,
                cmdTimeout,
                hung,
                poll,
                regTimeout,
                simBusy,
                reset,
                quiet,
                discovery);
    }

    private Optional<String> portPath(String key, boolean allowAuto) {
        Optional<String> raw = r.optString(key);
        if (raw.isEmpty()) {
            return raw;
        }
        String v = raw.get();
        if (allowAuto && v.equals("auto")) {
            return raw;
        }
        if (!PORT_PATH.matcher(v).matches()) {
            r.problem(
                    key,
                    "invalid value " + ConfigReader.quote(v) + ": expected " + (allowAuto ? "\"auto\" or " : "")
                            + "an absolute device path such as /dev/ttyUSB2");
            return Optional.empty();
        }
        return raw;
    }

    private Ppp ppp() {
        Path pppd = r.path("ppp.pppd");
        Path chat = r.path("ppp.chat");
        String iface = r.matched("ppp.interface", INTERFACE, "an interface name such as ppp0");
        String dial = r.matched("ppp.dial-number", DIAL, "*99# or *99***<cid>#");
        Duration connect = r.duration("ppp.connect-timeout", Duration.ofSeconds(5), Duration.ofMinutes(10));
        boolean peerDns = r.bool("ppp.use-peer-dns");
        boolean defRoute = r.bool("ppp.default-route");
        int metric = r.integer("ppp.default-route-metric", 0, 65535);
        int echoInterval = r.integer("ppp.lcp-echo-interval", 0, 3600);
        int echoFailure = r.integer("ppp.lcp-echo-failure", 0, 100);
        List<String> extra = r.stringList("ppp.extra-options");
        PppdExtraOptions.problems(extra).forEach(p -> r.problem("ppp.extra-options", p));
        Duration grace = r.duration("ppp.stop-grace", MS, Duration.ofMinutes(1));
        Duration initial = r.duration("ppp.redial.initial-backoff", Duration.ofMillis(100), Duration.ofHours(1));
        double mult = r.decimal("ppp.redial.multiplier", 1.0, 10.0);
        Duration max = r.duration("ppp.redial.max-backoff", Duration.ofMillis(100), Duration.ofHours(6));
        double jitter = r.decimal("ppp.redial.jitter", 0.0, 0.9);
        if (max.compareTo(initial) < 0) {
            r.problem("ppp.redial.max-backoff", "must not be shorter than ppp.redial.initial-backoff");
            max = initial;
        }
        Duration stable = r.duration("ppp.redial.stable-after", Duration.ofSeconds(1), Duration.ofDays(1));
        Redial redial = new Redial(new Backoff(initial, max, mult, jitter), stable);
        return new Ppp(
                pppd,
                chat,
                iface,
                dial,
                connect,
                peerDns,
                defRoute,
                metric,
                echoInterval,
                echoFailure,
                extra,
                grace,
                redial,
                probe(),
                publicIp(),
                dataUsage());
    }

    private Probe probe() {
        List<HostPort> targets = hostPorts("ppp.probe.targets", "target", "1.1.1.1:443 or [2606:4700::1111]:443");
        var httpUrl = r.optUri("ppp.probe.http-url", u -> true, "an http:// or https:// URL");
        Duration interval = r.duration("ppp.probe.interval", Duration.ofSeconds(1), Duration.ofHours(1));
        Duration timeout = r.duration("ppp.probe.timeout", Duration.ofMillis(100), Duration.ofMinutes(1));
        int window = r.integer("ppp.probe.window", 1, 100);
        int failures = r.integer("ppp.probe.failures", 1, 100);
        if (failures > window) {
            r.problem("ppp.probe.failures", "must not exceed ppp.probe.window (" + window + ")");
            failures = window;
        }
        return new Probe(List.copyOf(targets), httpUrl, interval, timeout, window, failures);
    }

    /** The list at {@code key} as host:port pairs; each invalid entry is a problem naming {@code what}. */
    private List<HostPort> hostPorts(String key, String what, String example) {
        List<HostPort> out = new ArrayList<>();
        for (String t : r.stringList(key)) {
            Optional<HostPort> hp = parseHostPort(t);
            if (hp.isEmpty()) {
                r.problem(
                        key,
                        "invalid " + what + " " + ConfigReader.quote(t) + ": expected host:port such as " + example);
            } else {
                out.add(hp.get());
            }
        }
        return out;
    }

    static Optional<HostPort> parseHostPort(String text) {
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                return Optional.empty();
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
            if (!host.matches("[0-9a-fA-F:.]{2,45}")) {
                return Optional.empty();
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) {
                return Optional.empty();
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (!host.matches("(?i)[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
                return Optional.empty();
            }
        }
        if (!port.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(host, p));
    }

    private PublicIp publicIp() {
        return new PublicIp(
                r.optUri("ppp.public-ip.check-url", u -> true, "an http:// or https:// URL"),
                r.duration("ppp.public-ip.check-interval", Duration.ofSeconds(10), Duration.ofDays(1)));
    }

    private DataUsage dataUsage() {
        return new BudgetReader(r, warnings).dataUsage();
    }

    private UsbPower usbPower() {
        UsbPowerMethod method = r.enumValue("usb-power.method", UsbPowerMethod.class);
        Path command = r.path("usb-power.command");
        String location = r.matched("usb-power.location", USB_LOCATION, "a hub location such as 1-1 or 2");
        List<Integer> ports = r.intList("usb-power.ports", 1, 15);
        List<String> extra = new ArrayList<>();
        for (String loc : r.stringList("usb-power.extra-locations")) {
            if (USB_LOCATION.matcher(loc).matches()) {
                extra.add(loc);
            } else {
                r.problem(
                        "usb-power.extra-locations",
                        "invalid location " + ConfigReader.quote(loc) + ": expected a hub location such as 2");
            }
        }
        Duration off = r.duration("usb-power.off-time", Duration.ofMillis(100), Duration.ofMinutes(1));
        Optional<String> device =
                r.matching("usb-power.sysfs-device", USB_LOCATION, "a USB device such as 1-1.3", false);
        Duration wait = r.duration("usb-power.wait-for-modem", Duration.ofSeconds(1), Duration.ofMinutes(10));
        if (method == UsbPowerMethod.UHUBCTL && ports.isEmpty()) {
            r.problemAt(
                    "usb-power.ports",
                    "required when usb-power.method = uhubctl",
                    "usb-power.ports",
                    "usb-power.method");
        }
        if (method == UsbPowerMethod.SYSFS && device.isEmpty()) {
            r.problemAt("usb-power.sysfs-device", "required when usb-power.method = sysfs", "usb-power.method");
        }
        if (method == UsbPowerMethod.UHUBCTL && location.equals("1-1") && ports.contains(1)) {
            warnings.add("usb-power.ports contains 1 on hub 1-1: on a Raspberry Pi B+/2B/3B/3B+ port 1 powers the "
                    + "Ethernet chip, so a power cycle would cut the wired link and SSH");
        }
        return new UsbPower(method, command, location, ports, List.copyOf(extra), off, device, wait);
    }

    private Recovery recovery() {
        Duration grace = r.duration("recovery.down-grace", Duration.ofSeconds(1), Duration.ofHours(1));
        int redials = r.integer("recovery.redial-attempts", 0, 100);
        Duration redialCool = r.duration("recovery.redial-cooldown", MS, Duration.ofHours(1));
        int resets = r.integer("recovery.reset-attempts", 0, 100);
        Duration resetCool = r.duration("recovery.reset-cooldown", MS, Duration.ofHours(1));
        int cycles = r.integer("recovery.power-cycle-attempts", 0, 100);
        Duration cycleCool = r.duration("recovery.power-cycle-cooldown", MS, Duration.ofHours(6));
        Duration minCycle = r.duration("recovery.min-power-cycle-interval", Duration.ZERO, Duration.ofDays(1));
        Duration stable = r.duration("recovery.stable-time", Duration.ofSeconds(1), Duration.ofDays(1));
        Duration topPause = r.duration("recovery.top-pause", Duration.ofSeconds(10), Duration.ofDays(1));
        Duration topPauseMax = r.duration("recovery.top-pause-max", Duration.ofSeconds(10), Duration.ofDays(1));
        if (topPauseMax.compareTo(topPause) < 0) {
            r.problem("recovery.top-pause-max", "must not be shorter than recovery.top-pause");
            topPauseMax = topPause;
        }
        boolean enabled = r.bool("recovery.reboot.enabled");
        List<String> command = r.stringList("recovery.reboot.command");
        if (command.isEmpty()
                || !command.get(0).startsWith("/")
                || command.stream().anyMatch(a -> !SAFE_ARG.matcher(a).matches())) {
            r.problem(
                    "recovery.reboot.command",
                    "expected a non-empty list starting with an absolute path, "
                            + "such as [\"/usr/bin/systemctl\", \"reboot\"]");
            command = r.referenceList("recovery.reboot.command");
        }
        Duration minUptime = r.duration("recovery.reboot.min-uptime", Duration.ofMinutes(5), Duration.ofDays(30));
        int perDay = r.integer("recovery.reboot.max-per-day", 1, 24);
        return new Recovery(
                grace,
                redials,
                redialCool,
                resets,
                resetCool,
                cycles,
                cycleCool,
                minCycle,
                stable,
                topPause,
                topPauseMax,
                new Reboot(enabled, command, minUptime, perDay));
    }

    private Dns dns() {
        DnsProvider provider = r.enumValue("dns.provider", DnsProvider.class);
        Optional<String> record = dnsName("dns.record");
        int ttl = r.integer("dns.ttl", 1, 172800);
        boolean ipv6 = r.bool("dns.ipv6");
        Duration verify = r.duration("dns.verify-interval", Duration.ofSeconds(10), Duration.ofDays(30));
        Duration retryInitial = r.duration("dns.retry-initial", Duration.ofMillis(100), Duration.ofMinutes(10));
        Duration retryMax = r.duration("dns.retry-max", Duration.ofSeconds(1), Duration.ofHours(6));
        boolean sdkProcess = r.bool("dns.sdk-process");
        Duration sdkIdle = r.duration("dns.sdk-process-idle", Duration.ofSeconds(1), Duration.ofHours(1));
        List<HostPort> verifyServers =
                hostPorts("dns.verify-name-servers", "name server", "205.251.192.1:53 or [2600:9000:5300::1]:53");
        Optional<String> zone =
                r.optString("dns.route53.hosted-zone-id").map(z -> z.replaceFirst("^/?hostedzone/", ""));
        if (zone.isPresent() && !ZONE_ID.matcher(zone.get()).matches()) {
            r.problem(
                    "dns.route53.hosted-zone-id",
                    "invalid value " + ConfigReader.quote(zone.get()) + ": expected a zone id such as Z1D633PJN98FT9");
            zone = Optional.empty();
        }
        Route53 route53 = new Route53(
                zone,
                r.optUri("dns.route53.endpoint", u -> true, "an http:// or https:// URL"),
                r.bool("dns.route53.wait-for-insync"));
        LambdaMode mode = r.enumValue("dns.lambda.mode", LambdaMode.class);
        Optional<String> fn = r.matching(
                "dns.lambda.function-name",
                Pattern.compile("[A-Za-z0-9_:.\\-]{1,170}"),
                "a function name or ARN",
                false);
        Optional<Secret> secret = r.optString("dns.lambda.shared-secret").map(Secret::new);
        if (secret.isPresent()
                && (secret.get().value().isEmpty()
                        || secret.get().value().chars().anyMatch(Character::isISOControl))) {
            r.problem(
                    "dns.lambda.shared-secret",
                    "invalid value: expected a non-empty secret without control characters");
        }
        Lambda lambda = new Lambda(
                mode,
                r.optUri("dns.lambda.function-url", u -> true, "an https:// function URL"),
                fn,
                secret,
                r.optUri("dns.lambda.endpoint", u -> true, "an http:// or https:// URL"));
        Failover failover = new BudgetReader(r, warnings)
                .failover(
                        dnsName("dns.failover.name"),
                        dnsName("dns.failover.wired-record"),
                        r.integer("dns.failover.health-port", 1, 65535),
                        failoverInterval(),
                        r.integer("dns.failover.failure-threshold", 1, 10),
                        r.integer("dns.failover.ttl", 1, 172800));
        switch (provider) {
            case ROUTE53 -> {
                requireFor(record, "dns.record", "dns.provider = route53");
                requireFor(route53.hostedZoneId(), "dns.route53.hosted-zone-id", "dns.provider = route53");
            }
            case LAMBDA -> {
                requireFor(record, "dns.record", "dns.provider = lambda");
                if (mode == LambdaMode.FUNCTION_URL) {
                    requireFor(lambda.functionUrl(), "dns.lambda.function-url", "dns.lambda.mode = function-url");
                    requireFor(lambda.sharedSecret(), "dns.lambda.shared-secret", "dns.lambda.mode = function-url");
                } else {
                    requireFor(lambda.functionName(), "dns.lambda.function-name", "dns.lambda.mode = invoke");
                }
            }
            case NONE -> {}
        }
        if (ttl > 60 && provider != DnsProvider.NONE) {
            warnings.add(
                    "dns.ttl is " + ttl + " s: resolvers may keep a stale 3G address that long after an IP change");
        }
        return new Dns(
                provider,
                record.map(DnsNames::normalize),
                ttl,
                ipv6,
                verify,
                List.copyOf(verifyServers),
                sdkProcess,
                sdkIdle,
                retryInitial,
                retryMax,
                route53,
                lambda,
                failover);
    }

    private int failoverInterval() {
        int interval = r.integer("dns.failover.interval", 10, 30);
        if (interval != 10 && interval != 30) {
            r.problem(
                    "dns.failover.interval",
                    "invalid value " + interval + ": Route53 health checks run every 10 or 30 seconds");
            return Integer.parseInt(r.referenceString("dns.failover.interval"));
        }
        return interval;
    }

    private Optional<String> dnsName(String key) {
        return r.matching(key, DNS_NAME, "a DNS name such as lte.home.example.com", false);
    }

    private void requireFor(Optional<?> value, String key, String because) {
        if (value.isEmpty() && !r.isSet(key)) {
            String anchor = because.substring(0, because.indexOf(' '));
            r.problemAt(key, "required when " + because, anchor, "dns.provider");
        }
    }

    private Aws aws() {
        String region = r.matched("aws.region", REGION, "an AWS region such as us-east-1");
        Duration call = r.duration("aws.api-call-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10));
        Duration attempt = r.duration("aws.api-call-attempt-timeout", Duration.ofMillis(500), Duration.ofMinutes(5));
        if (attempt.compareTo(call) > 0) {
            r.problem("aws.api-call-attempt-timeout", "must not be longer than aws.api-call-timeout");
        }
        return new Aws(region, call, attempt);
    }

    private Health health() {
        String bind = address("health.bind");
        int port = r.integer("health.port", 0, 65535);
        String path = r.matched("health.path", HTTP_PATH, "a path such as /health");
        int maxConn = r.integer("health.max-connections", 1, 10000);
        int perAddress = r.integer("health.max-connections-per-address", 1, 10000);
        Duration reqTimeout = r.duration("health.request-timeout", Duration.ofMillis(100), Duration.ofSeconds(60));
        Duration idle = r.duration("health.idle-timeout", Duration.ofMillis(100), Duration.ofMinutes(10));
        int header = r.integer("health.max-header-size", 1024, 65536);
        return new Health(bind, port, path, maxConn, perAddress, reqTimeout, idle, header);
    }

    private Admin admin() {
        String bind = address("admin.bind");
        try {
            if (!InetAddress.getByName(bind).isLoopbackAddress()) {
                r.problem(
                        "admin.bind",
                        "must be a loopback address such as 127.0.0.1 or ::1: the admin API has no "
                                + "authentication (reach it over SSH)");
            }
        } catch (UnknownHostException e) {
            // reported by address()
        }
        return new Admin(bind, r.integer("admin.port", 0, 65535));
    }

    /** An IP address literal; reference.conf's when the value is missing or not one. */
    private String address(String key) {
        Optional<String> raw = r.optString(key);
        String fallback = r.referenceString(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        String v = raw.get().trim();
        // only literals: InetAddress looks up as a host name whatever is not one ("cafe", "4294967296",
        // ".:1"), so the text must be a dotted quad, or start with a hex digit or ':' and contain a ':'
        if (!IPV4.matcher(v).matches() && !(v.contains(":") && v.matches("[0-9a-fA-F:][0-9a-fA-F:.]{1,44}"))) {
            r.problem(key, "invalid value " + ConfigReader.quote(v) + ": expected an IP address such as 0.0.0.0 or ::");
            return fallback;
        }
        try {
            InetAddress.getByName(v);
            return v;
        } catch (UnknownHostException e) {
            r.problem(key, "invalid value " + ConfigReader.quote(v) + ": expected an IP address such as 0.0.0.0 or ::");
            return fallback;
        }
    }
}
