package dev.failberry.usb;

import dev.failberry.usb.UhubctlReport.Kind;
import dev.failberry.usb.UhubctlReport.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pure parser of uhubctl's combined stdout/stderr. uhubctl prints errors and carries on (a failed control
 * transfer still exits 0), so its text, not its exit status, says whether it acted. The lines are the
 * ones uhubctl 2.0-2.6 prints (uhubctl.c), plus libusb's permission messages.
 */
public final class UhubctlOutput {
    private UhubctlOutput() {}

    public static UhubctlReport parse(String output) {
        List<Problem> problems = new ArrayList<>();
        int off = 0;
        int on = 0;
        String[] lines = output.split("\\r?\\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("sent power off request")) {
                off++;
            } else if (l.startsWith("sent power on request")) {
                on++;
            } else if (l.contains("failed to set port status by writing to")) {
                problems.add(new Problem(Kind.SYSFS_FALLBACK, line));
            } else if (l.contains("no compatible devices detected")
                    || l.contains("no compatible smart hubs detected")) {
                problems.add(new Problem(Kind.NO_DEVICES, line));
            } else if (l.contains("permission problems")
                    || l.contains("permission denied")
                    || l.contains("insufficient permissions")
                    || l.contains("try running as root")
                    || l.contains("operation not permitted")
                    || l.contains("libusb_error_access")
                    || l.contains("access denied")) {
                problems.add(new Problem(Kind.PERMISSION, line));
            } else if (l.contains("multiple hubs at once is not supported")) {
                problems.add(new Problem(Kind.MULTIPLE_HUBS, line));
            } else if (l.contains("invalid command line syntax")
                    || l.startsWith("bad port spec")
                    || l.contains("invalid option")
                    || l.contains("unrecognized option")
                    || l.contains("requires an argument")) {
                problems.add(new Problem(Kind.INVALID_ARGUMENTS, line));
            } else if (l.startsWith("failed to")) {
                // perror("Failed to control port power!\n") puts ": <strerror>" on the next line
                String detail = "";
                if (i + 1 < lines.length && lines[i + 1].strip().startsWith(":")) {
                    detail = " " + lines[++i].strip();
                }
                String d = detail.toLowerCase(Locale.ROOT);
                boolean denied = d.contains("permission denied") || d.contains("operation not permitted");
                problems.add(new Problem(denied ? Kind.PERMISSION : Kind.CONTROL_FAILED, line + detail));
            } else if (l.startsWith("error initializing usb")
                    || l.startsWith("cannot enumerate usb devices")
                    || l.startsWith("cannot read port")
                    || l.startsWith("reset failed")
                    || l.startsWith("cannot open system node")
                    || l.startsWith("cannot use ")) {
                problems.add(new Problem(Kind.USB_ERROR, line));
            }
        }
        return new UhubctlReport(problems, off, on);
    }
}
