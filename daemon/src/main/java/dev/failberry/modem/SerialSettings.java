package dev.failberry.modem;

import java.time.Duration;

/**
 * How to open a serial AT port. 8N1 always.
 *
 * @param path        device path or symlink, e.g. /dev/ttyUSB2 or /dev/serial/by-id/...-if02-port0
 * @param baud        bit rate (ignored by PTYs and most USB modems, but set anyway)
 * @param rtsCts      hardware flow control; off by default
 * @param readTimeout how long one read waits for the first byte (100 ms steps on Linux, 100..1000 ms)
 */
public record SerialSettings(String path, int baud, boolean rtsCts, Duration readTimeout) {

    public static final int DEFAULT_BAUD = 115200;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(500);

    public SerialSettings {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("serial path must not be blank");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive, got " + baud);
        }
        if (readTimeout.toMillis() < 100 || readTimeout.toMillis() > 1000) {
            throw new IllegalArgumentException(
                    "readTimeout must be 100..1000 ms, got " + readTimeout.toMillis() + " ms");
        }
    }

    public static SerialSettings of(String path) {
        return new SerialSettings(path, DEFAULT_BAUD, false, DEFAULT_READ_TIMEOUT);
    }

    public SerialSettings withRtsCts(boolean on) {
        return new SerialSettings(path, baud, on, readTimeout);
    }

    public SerialSettings withReadTimeout(Duration t) {
        return new SerialSettings(path, baud, rtsCts, t);
    }
}
