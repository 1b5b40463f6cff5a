package dev.failberry.config;

/** A value that must never reach a log line or the status output: {@link #toString()} masks it. */
public record Secret(String value) {
    @Override
    public String toString() {
        return "******";
    }
}
