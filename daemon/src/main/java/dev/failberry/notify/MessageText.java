package dev.failberry.notify;

import dev.failberry.modem.sms.SmsPdu;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one line an SMS (and the chat presets) carry: {@code FailberryPi <host>: <what>: <reason>}, with
 * the time in UTC. {@link SmsPdu#fit} shortens it to one message; the most important words come first.
 */
final class MessageText {
    private static final DateTimeFormatter HHMM =
            DateTimeFormatter.ofPattern("HH:mm'Z'").withZone(ZoneOffset.UTC);

    private MessageText() {}

    static String line(NotifyEvent e, String host, int dropped) {
        StringBuilder sb = new StringBuilder("FailberryPi");
        if (!host.isBlank()) {
            sb.append(' ').append(host);
        }
        if (dropped > 0) {
            sb.append(" [").append(dropped).append(" earlier dropped]");
        }
        sb.append(": ").append(title(e));
        if (!e.reason().isBlank()) {
            sb.append(": ").append(e.reason());
        }
        String extra = extra(e);
        if (!extra.isEmpty()) {
            sb.append(" (").append(extra).append(')');
        }
        return sb.toString().replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "");
    }

    /** What happened, with the time; e.g. "mobile link down since 19:00Z", "wired internet back after 1h 5m". */
    static String title(NotifyEvent e) {
        String at = HHMM.format(e.time());
        return switch (e.name()) {
            case STARTED -> "daemon started at " + at;
            case LINK_DOWN -> "mobile link down since " + at;
            case LINK_UP -> "mobile link back" + after(e) + " at " + at;
            case WIRED_DOWN -> "wired internet down since " + at;
            case WIRED_UP -> "wired internet back" + after(e) + " at " + at;
            case RECOVERY -> "recovery at " + at;
            case DATA_WARNING -> "data warning at " + at;
            case DATA_CAP -> "data cap reached at " + at;
            case REBOOT_PENDING -> "rebooting the host at " + at;
            case TEST -> "test message at " + at;
        };
    }

    private static String after(NotifyEvent e) {
        Object s = e.detail().get("duration_seconds");
        return s instanceof Number n ? " after " + duration(n.longValue()) : "";
    }

    private static String extra(NotifyEvent e) {
        StringBuilder sb = new StringBuilder();
        if (e.detail().get("drops") instanceof Number n && n.intValue() > 1) {
            sb.append(e.name() == EventName.LINK_DOWN || e.name() == EventName.WIRED_DOWN ? "flapping: " : "")
                    .append(n.intValue())
                    .append(" drops");
        }
        if (e.detail().get("recovery") instanceof String r) {
            sb.append(sb.length() > 0 ? "; " : "").append(r);
        }
        return sb.toString();
    }

    /** 45s, 12m, 1h 5m, 2d 3h. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        long m = seconds / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 48) {
            return h + "h" + (m % 60 == 0 ? "" : " " + m % 60 + "m");
        }
        return h / 24 + "d" + (h % 24 == 0 ? "" : " " + h % 24 + "h");
    }
}
