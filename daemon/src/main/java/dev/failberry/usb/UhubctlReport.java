package dev.failberry.usb;

import java.util.List;
import java.util.Optional;

/** What uhubctl's output says, parsed by {@link UhubctlOutput}. */
public record UhubctlReport(List<Problem> problems, int offRequests, int onRequests) {

    public enum Kind {
        /** "No compatible devices detected at location 1-1!" (older: "No compatible smart hubs detected"). */
        NO_DEVICES,
        /** "There were permission problems while accessing USB", "Permission denied", libusb's "insufficient permissions". */
        PERMISSION,
        /** "Error: changing port state for multiple hubs at once is not supported." */
        MULTIPLE_HUBS,
        /** "Failed to control port power!" and other "Failed to ..." lines. */
        CONTROL_FAILED,
        /** "Failed to set port status by writing to .../disable (...)": uhubctl falls back to libusb; a warning. */
        SYSFS_FALLBACK,
        /** "Invalid command line syntax!", "Bad port spec ...", getopt's "invalid option". */
        INVALID_ARGUMENTS,
        /** "Error initializing USB!", "Cannot enumerate USB devices!", "cannot read port N status", "Reset failed!". */
        USB_ERROR
    }

    public record Problem(Kind kind, String line) {}

    public UhubctlReport {
        problems = List.copyOf(problems);
    }

    /** The first problem that makes the action fail (the sysfs fallback warning does not). */
    public Optional<Problem> failure() {
        return problems.stream().filter(p -> p.kind() != Kind.SYSFS_FALLBACK).findFirst();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> p.kind() == Kind.SYSFS_FALLBACK).toList();
    }
}
