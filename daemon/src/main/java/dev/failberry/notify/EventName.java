package dev.failberry.notify;

import java.util.Locale;
import java.util.Optional;

/**
 * The events of the interface ({@code ../shared/interface.md}), with their wire names, and {@link #TEST}:
 * the message {@code failberry notify test} asks for, which no configuration filters (it is not one of
 * {@code notify.events}).
 */
public enum EventName {
    STARTED,
    LINK_UP,
    LINK_DOWN,
    RECOVERY,
    WIRED_DOWN,
    WIRED_UP,
    DATA_WARNING,
    DATA_CAP,
    REBOOT_PENDING,
    TEST;

    /** The name in webhook bodies and in {@code notify.events}, e.g. {@code link-down}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<EventName> fromWire(String name) {
        for (EventName e : values()) {
            if (e.wire().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
