package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.dns.SdkProcessProtocol.ProtocolException;
import dev.failberry.dns.SdkProcessProtocol.Spec;
import dev.failberry.proc.LineQueue;
import dev.failberry.proc.ProcessTree;
import dev.failberry.proc.ThisJvm;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DnsBackend} whose AWS SDK runs in a helper process ({@link SdkProcessMain}), so that the
 * daemon never loads the SDK: measured, the SDK keeps ~26 MB (1,900 classes, region tables, TLS trust
 * store) resident for the daemon's whole life, for a call made a few times a day. The helper is started
 * by {@link #warmUp()} (the publisher calls it at start and whenever the link goes down, so that a
 * helper with a built client is usually waiting when the link comes back with a new address) or by the
 * first call, serves the calls that follow (the read before a change, the change, INSYNC polls) and
 * exits after {@code dns.sdk-process-idle} without work, giving all of that memory back.
 *
 * <p>Calls block the caller (the publisher's worker) until the helper answers or
 * {@code aws.api-call-timeout} plus a start-up allowance has passed; then the helper is killed and the
 * call fails as a network error, which the publisher retries with backoff. A helper that exits just as
 * a call arrives (its idle timer fired) is replaced once for that call; every request is idempotent
 * (read, UPSERT, GetChange). One reader thread exists while a helper runs; none otherwise.
 */
public final class SdkProcessBackend implements DnsBackend, HeartbeatSender {
    private static final Logger log = LoggerFactory.getLogger(SdkProcessBackend.class);
    /** Time a helper may take to start and build its client before its first answer (seconds on a Pi 2B). */
    static final Duration START_ALLOWANCE = Duration.ofSeconds(45);

    /** JVM options of the helper: small heap, C1 only, quick start; its log goes to stderr. */
    static final List<String> HELPER_JVM_OPTIONS = List.of(
            "-Xms8m",
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-Xss256k",
            "-XX:+PerfDisableSharedMem",
            "-XX:+ExitOnOutOfMemoryError",
            "-Xshare:auto",
            "-XX:+DisplayVMOutputToStderr",
            "-Dfailberry.log.target=System.err");

    /** How to start a helper: the command (an argument array, no shell) and extra environment variables. */
    public record Launch(List<String> command, Map<String, String> environment) {
        public Launch {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }

        /** The helper in a JVM like this one (same java, same class path), logging at {@code logLevel}. */
        public static Launch sameJvm(String logLevel, Map<String, String> environment) {
            List<String> cmd = new ArrayList<>();
            cmd.add(ThisJvm.javaBinary());
            cmd.addAll(HELPER_JVM_OPTIONS);
            cmd.add("-Dfailberry.log.level=" + logLevel);
            cmd.add("-cp");
            cmd.add(ThisJvm.absoluteClassPath());
            cmd.add(SdkProcessMain.class.getName());
            return new Launch(cmd, environment);
        }
    }

    private final Spec spec;
    private final Launch launch;
    private final Duration answerTimeout;
    private volatile Helper helper;
    private volatile boolean closed;
    private int started;

    public SdkProcessBackend(Spec spec, Launch launch, Duration answerTimeout) {
        this.spec = spec;
        this.launch = launch;
        this.answerTimeout = answerTimeout;
    }

    /** Production: answers may take the SDK's whole call timeout plus the helper's start-up. */
    public static SdkProcessBackend create(Spec spec, Launch launch) {
        return new SdkProcessBackend(spec, launch, spec.apiCallTimeout().plus(START_ALLOWANCE));
    }

    @Override
    public String name() {
        return spec.provider();
    }

    @Override
    public String record() {
        return DnsNames.normalize(spec.record());
    }

    @Override
    public boolean supports(RecordType type) {
        return true;
    }

    @Override
    public boolean canRead() {
        return spec.provider().equals(Spec.ROUTE53);
    }

    /** Starts a helper, if none runs, and has it build its client. Failures are left to the next call. */
    @Override
    public void warmUp() {
        try {
            SdkProcessProtocol.decodeWarm(call(SdkProcessProtocol.warmRequest()));
        } catch (DnsException e) {
            log.debug("dns: warming the AWS helper process up: {}", e.getMessage());
        } catch (ProtocolException e) {
            log.debug("dns: warming the AWS helper process up: {}", garbled(e).getMessage());
        }
    }

    @Override
    public Optional<InetAddress> read(RecordType type) throws DnsException {
        String reply = call(SdkProcessProtocol.readRequest(type));
        try {
            return SdkProcessProtocol.decodeRead(reply);
        } catch (ProtocolException e) {
            throw garbled(e);
        }
    }

    @Override
    public PublishOutcome publish(Map<RecordType, InetAddress> values, Optional<InetAddress> source)
            throws DnsException {
        String reply = call(SdkProcessProtocol.publishRequest(values, source));
        try {
            return SdkProcessProtocol.decodePublish(reply);
        } catch (ProtocolException e) {
            throw garbled(e);
        }
    }

    @Override
    public boolean insync(String changeId) throws DnsException {
        String reply = call(SdkProcessProtocol.insyncRequest(changeId));
        try {
            return SdkProcessProtocol.decodeInsync(reply);
        } catch (ProtocolException e) {
            throw garbled(e);
        }
    }

    /** One heartbeat datapoint, sent by the helper from {@code source} (its spec must carry a heartbeat). */
    @Override
    public void beat(Optional<InetAddress> source) throws DnsException {
        String reply = call(SdkProcessProtocol.beatRequest(source));
        try {
            SdkProcessProtocol.decodeBeat(reply);
        } catch (ProtocolException e) {
            throw garbled(e);
        }
    }

    /** How many helpers have been started (status and tests). */
    public synchronized int helpersStarted() {
        return started;
    }

    /** The running helper's pid, if one runs. */
    public Optional<Long> helperPid() {
        Helper h = helper;
        return h != null && h.process.isAlive() ? Optional.of(h.process.pid()) : Optional.empty();
    }

    /** True while a helper process is running. */
    public boolean helperRunning() {
        Helper h = helper;
        return h != null && h.process.isAlive();
    }

    private DnsException garbled(ProtocolException e) {
        stop(helper);
        return new DnsException(
                DnsException.Kind.SERVER, "the AWS helper process answered nonsense: " + e.getMessage());
    }

    private synchronized String call(String request) throws DnsException {
        for (int attempt = 1; ; attempt++) {
            if (closed) {
                throw new DnsException(DnsException.Kind.NETWORK, "shutting down");
            }
            Helper h = running();
            try {
                return h.exchange(request, answerTimeout);
            } catch (Gone e) {
                stop(h);
                if (attempt == 1 && !e.timedOut) {
                    log.debug("dns: {}; starting a new helper", e.getMessage());
                    continue;
                }
                throw new DnsException(DnsException.Kind.NETWORK, e.getMessage());
            }
        }
    }

    private Helper running() throws DnsException {
        Helper h = helper;
        if (h != null && h.process.isAlive()) {
            return h;
        }
        if (h != null) {
            stop(h);
        }
        ProcessBuilder pb = new ProcessBuilder(launch.command()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(launch.environment());
        Process p;
        try {
            p = ProcessTree.startUntilEof(pb);
        } catch (IOException e) {
            throw new DnsException(
                    DnsException.Kind.PERMANENT,
                    "cannot start the AWS helper process " + launch.command().get(0) + ": " + e.getMessage());
        }
        started++;
        h = new Helper(p);
        helper = h;
        log.debug("dns: AWS helper process started (pid {})", p.pid());
        try {
            h.send(spec.encode());
        } catch (Gone e) {
            // it died at once; the exchange that follows reports it
            log.debug("dns: {}", e.getMessage());
        }
        return h;
    }

    private void stop(Helper h) {
        if (h == null) {
            return;
        }
        if (helper == h) {
            helper = null;
        }
        h.closeInput();
        ProcessTree.end(h.process.toHandle(), Duration.ofSeconds(2));
    }

    /** Closes the helper's stdin (it exits at once) and kills it if it does not. */
    @Override
    public void close() {
        closed = true;
        stop(helper);
    }

    /** A helper that went away or fell silent during a call. */
    private static final class Gone extends Exception {
        final boolean timedOut;

        Gone(String message, boolean timedOut) {
            super(message, null, false, false);
            this.timedOut = timedOut;
        }
    }

    /** One running helper: its stdin, and its stdout lines ({@link LineQueue}: one thread while it runs). */
    private static final class Helper {
        final Process process;
        final Writer in;
        final LineQueue lines;

        Helper(Process process) {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.lines = LineQueue.of(process.getInputStream(), "failberry-dns-helper-" + process.pid());
        }

        void send(String line) throws Gone {
            try {
                in.write(line);
                in.write('\n');
                in.flush();
            } catch (IOException e) {
                throw new Gone(
                        "the AWS helper process (pid " + process.pid() + ") exited" + exitCode() + " before answering ("
                                + e.getMessage() + ")",
                        false);
            }
        }

        String exchange(String request, Duration timeout) throws Gone {
            send(request);
            long deadline = System.nanoTime() + timeout.toNanos();
            String line;
            do {
                try {
                    line = lines.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Gone("interrupted waiting for the AWS helper process", true);
                }
                if (line != null && line != LineQueue.END && !line.startsWith("{")) {
                    // not ours: e.g. a JVM warning printed to stdout despite -XX:+DisplayVMOutputToStderr
                    log.warn("dns: AWS helper process: {}", SdkProcessProtocol.oneLine(line));
                }
            } while (line != null && line != LineQueue.END && !line.startsWith("{"));
            if (line == null) {
                throw new Gone(
                        "the AWS helper process (pid " + process.pid() + ") did not answer within "
                                + timeout.toSeconds() + " s",
                        true);
            }
            if (line == LineQueue.END) {
                throw new Gone(
                        "the AWS helper process (pid " + process.pid() + ") exited" + exitCode() + " before answering",
                        false);
            }
            return line;
        }

        private String exitCode() {
            try {
                return process.waitFor(1, TimeUnit.SECONDS) ? " with code " + process.exitValue() : "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        void closeInput() {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
