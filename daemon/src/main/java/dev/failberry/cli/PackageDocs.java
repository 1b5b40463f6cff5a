package dev.failberry.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import picocli.CommandLine;

/**
 * Build step (run by the pom before the .deb is packed, never by a user): writes the Debian package's
 * man page {@code failberry.1.gz} and {@code changelog.gz}.
 *
 * <p>The man page is picocli's own usage help of every command, wrapped in a few lines of roff, so
 * it cannot drift from {@code --help}. Why not picocli-codegen's ManPageGenerator: it writes AsciiDoc,
 * and turning that into roff needs Asciidoctor (Ruby, or AsciidoctorJ with JRuby, ~30 MB and ~10 s
 * more per build) for one page. Both files are gzipped the way Debian policy wants (maximum
 * compression, no time stamp), which {@link java.util.zip.GZIPOutputStream} cannot be told to do.
 *
 * <p>{@code PackageDocs OUT_DIR CHANGELOG VERSION}: fails when the changelog's newest entry is not
 * VERSION, so that the package's changelog always names the version it is in.
 */
public final class PackageDocs {
    private PackageDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: PackageDocs OUT_DIR CHANGELOG VERSION");
        }
        Path out = Path.of(args[0]);
        String changelog = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        String version = args[2];
        String first = changelog.lines().findFirst().orElse("");
        if (!first.startsWith("failberry (" + version + ")")) {
            throw new IllegalStateException(
                    args[1] + ": the newest entry must be version " + version + " (the pom's), not: " + first);
        }
        Files.createDirectories(out);
        Files.write(out.resolve("changelog.gz"), gzip(changelog.getBytes(StandardCharsets.UTF_8)));
        Files.write(out.resolve("failberry.1.gz"), gzip(manPage(version).getBytes(StandardCharsets.UTF_8)));
    }

    /** The roff text of failberry(1). */
    static String manPage(String version) {
        CommandLine root = Main.withAllCommands();
        var b = new StringBuilder();
        b.append(".TH FAILBERRY 1 \"\" \"failberry ").append(version).append("\" \"FailberryPi\"\n");
        b.append(".SH NAME\nfailberry \\- 3G/4G failover link daemon for a Raspberry Pi\n");
        b.append(".SH SYNOPSIS\n.B failberry\n[\\fB\\-\\-verbose\\fR] \\fIcommand\\fR [\\fIoptions\\fR]\n");
        b.append(".SH DESCRIPTION\n")
                .append(text(
                        String.join(" ", root.getCommandSpec().usageMessage().description())))
                .append("\n.PP\n")
                .append(text("FailberryPi drives a USB 3G/4G modem over AT commands, dials and "
                        + "supervises pppd, verifies that traffic flows, recovers a hung stick (redial, modem reset, "
                        + "USB power cycle, guarded reboot), keeps a Route53 record pointed at the link's public "
                        + "address and serves the health endpoint that Route53 health checks use. The daemon runs as "
                        + "failberry.service; the other commands ask it or act directly."))
                .append('\n');
        b.append(".SH COMMANDS\n");
        for (CommandLine c : commands(root)) {
            b.append(".SS ").append(text(c.getCommandSpec().qualifiedName())).append('\n');
            b.append(".nf\n")
                    .append(preformatted(c.getUsageMessage(CommandLine.Help.Ansi.OFF)))
                    .append(".fi\n");
        }
        b.append(".SH EXIT STATUS\n");
        item(b, "0", "success");
        item(b, "1", "the command ran but the answer is negative (link down, ERROR from the modem, ...)");
        item(b, "2", "usage or configuration error");
        item(b, "3", "could not reach what it needs (the daemon, the modem port, the AWS endpoint)");
        b.append(".PP\n")
                .append(text("Errors are one sentence on standard error; --verbose adds the stack trace."))
                .append('\n');
        b.append(".SH FILES\n");
        item(
                b,
                "/etc/failberry/failberry.conf",
                "the configuration (HOCON); every key is documented in " + "/usr/share/doc/failberry/reference.conf");
        item(b, "/etc/failberry/jvm.options", "the JVM options of every command");
        item(b, "/etc/failberry/logback.xml", "logging");
        item(
                b,
                "/etc/failberry/aws-credentials",
                "AWS credentials (shared credentials file format), used by the "
                        + "service and by commands run as root");
        item(b, "/etc/failberry/environment", "KEY=value variables for the service (e.g. AWS_PROFILE)");
        item(b, "/var/lib/failberry", "persisted state");
        b.append(".SH ENVIRONMENT\n");
        item(b, "FAILBERRY_CONFIG", "the configuration file when --config is not given");
        item(b, "JAVA_HOME", "the Java runtime (17 or later) to use");
        item(
                b,
                "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE",
                "AWS credentials, looked up by the AWS SDK's default chain");
        b.append(".SH SEE ALSO\n")
                .append(
                        text(
                                "/usr/share/doc/failberry/README.md, "
                                        + "/usr/share/doc/failberry/install-raspberry-pi.md, systemctl(1), journalctl(1), pppd(8), uhubctl(8)"))
                .append('\n');
        return b.toString();
    }

    private static List<CommandLine> commands(CommandLine c) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!all.contains(sub) && !sub.getCommandSpec().usageMessage().hidden()) {
                all.add(sub);
                all.addAll(commands(sub));
            }
        }
        return all;
    }

    private static void item(StringBuilder b, String term, String description) {
        b.append(".TP\n.B ")
                .append(text(term))
                .append('\n')
                .append(text(description))
                .append('\n');
    }

    /** Running text: backslashes and hyphens escaped, no line starting with a control character. */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }

    /** A usage message for a no-fill block: each line as {@link #text}, blank lines kept. */
    static String preformatted(String usage) {
        var b = new StringBuilder();
        for (String line : usage.split("\n", -1)) {
            String l = line.stripTrailing();
            b.append(l.isEmpty() ? "" : text(l)).append('\n');
        }
        while (b.length() > 1 && b.charAt(b.length() - 1) == '\n' && b.charAt(b.length() - 2) == '\n') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /** gzip with maximum compression, no file name and no time stamp (as {@code gzip -9n}). */
    static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream();
        // magic, deflate, no flags, mtime 0, XFL 2 = maximum compression, OS 3 = Unix
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        var crc = new CRC32();
        crc.update(data);
        writeLe32(out, crc.getValue());
        writeLe32(out, data.length);
        return out.toByteArray();
    }

    private static void writeLe32(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
