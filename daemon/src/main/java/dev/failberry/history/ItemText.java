package dev.failberry.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The text of {@code failberry events}: {@code DATE TIME  what happened}, for example
 * {@code 2026-01-05 14:02:10  mobile link down 14:02:10 – 14:03:55 (1 min 45 s): modem not answering →
 * USB power cycle ok}. The leading date and time sort and grep; the interval is for reading.
 */
public final class ItemText {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ItemText() {}

    /** One line (no newline) in {@code zone}. */
    public static String line(Item i, ZoneId zone) {
        return STAMP.format(Instant.ofEpochMilli(i.start()).atZone(zone)) + "  " + what(i, zone);
    }

    static String what(Item i, ZoneId zone) {
        return switch (i.kind()) {
            case "started" -> "daemon started" + join(i.name().isEmpty() ? "" : "version " + i.name(), i.reason());
            case "stopped" -> "daemon stopped";
            case "vanished" ->
                "daemon's records end here (" + i.reason() + "); what follows until the next start is unknown";
            case "link-up" ->
                "mobile link up, " + duration(i.amount() == null ? 0 : i.amount()) + " after start"
                        + (i.reason().isEmpty() ? "" : " (" + i.reason() + ")");
            case "never-up" ->
                "mobile link not up since the start " + interval(i, zone)
                        + (i.reason().isEmpty() ? "" : ": " + i.reason());
            case "outage" ->
                (i.link().equals("wired") ? "wired path down " : "mobile link down ") + interval(i, zone) + cause(i);
            case "blocked" -> "mobile link blocked by the data budget " + interval(i, zone) + cause(i);
            case "action" -> "recovery: " + i.name() + (i.reason().isEmpty() ? "" : " (" + i.reason() + ")");
            case "clock" ->
                "wall clock " + (i.amount() != null && i.amount() < 0 ? "set back by " : "set forward by ")
                        + duration(Math.abs(i.amount() == null ? 0 : i.amount()))
                        + " (earlier times of this run are shown corrected)";
            case "event" -> eventName(i.name()) + (i.reason().isEmpty() ? "" : ": " + i.reason());
            default -> i.kind() + (i.reason().isEmpty() ? "" : ": " + i.reason());
        };
    }

    private static String join(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) {
            return "";
        }
        return " (" + (a.isEmpty() ? b : b.isEmpty() ? a : a + ", " + b) + ")";
    }

    private static String cause(Item i) {
        String why = i.reason();
        if (!i.actions().isEmpty()) {
            why = (why.isEmpty() ? "" : why + " ") + "→ " + String.join(", ", i.actions());
        }
        return why.isEmpty() ? "" : ": " + why;
    }

    private static String eventName(String name) {
        return switch (name) {
            case "data-warning" -> "data use warning";
            case "data-cap" -> "data cap reached";
            case "reboot-pending" -> "host reboot pending";
            case "wired-down" -> "wired path down";
            case "wired-up" -> "wired path up";
            default -> name;
        };
    }

    /** {@code 14:02:10 – 14:03:55 (1 min 45 s)}, with the end's date when it is another day. */
    static String interval(Item i, ZoneId zone) {
        ZonedDateTime a = Instant.ofEpochMilli(i.start()).atZone(zone);
        long endMillis = i.end() == null ? i.start() : i.end();
        ZonedDateTime b = Instant.ofEpochMilli(endMillis).atZone(zone);
        boolean open = i.ended().equals("now");
        String to = open ? "now" : LocalDate.from(a).equals(LocalDate.from(b)) ? TIME.format(b) : DATE_TIME.format(b);
        String note =
                switch (i.ended()) {
                    case "now" -> ", still going";
                    case "stopped" -> ", until the daemon stopped";
                    case "vanished" -> ", until the daemon's last record";
                    case "unknown" -> ", then unknown";
                    default -> "";
                };
        return TIME.format(a) + " – " + to + " (" + duration(endMillis - i.start()) + note + ")";
    }

    /** {@code 45 s}, {@code 1 min 45 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    public static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        long d = s / 86400;
        long h = s % 86400 / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        if (d > 0) {
            return d + " d" + (h > 0 ? " " + h + " h" : "");
        }
        if (h > 0) {
            return h + " h" + (m > 0 ? " " + m + " min" : "");
        }
        if (m > 0) {
            return m + " min" + (sec > 0 ? " " + sec + " s" : "");
        }
        return sec + " s";
    }
}
