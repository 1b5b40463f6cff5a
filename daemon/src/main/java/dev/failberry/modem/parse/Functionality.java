package dev.failberry.modem.parse;

/**
 * Phone functionality level from {@code +CFUN?}.
 *
 * @param level 0 minimum, 1 full, 4 transmit and receive RF disabled (airplane mode); vendors add
 *              others (e.g. 5-7 and 19 on some Sierra and Telit modules)
 */
public record Functionality(int level) {

    /** True for level 1, the only level in which the modem can register. */
    public boolean isFull() {
        return level == 1;
    }

    /** True when the radio is off: minimum functionality (0) or RF disabled (4). */
    public boolean isRadioOff() {
        return level == 0 || level == 4;
    }

    /** Human meaning of the level. */
    public String meaning() {
        return switch (level) {
            case 0 -> "minimum functionality";
            case 1 -> "full functionality";
            case 2 -> "transmit RF disabled";
            case 3 -> "receive RF disabled";
            case 4 -> "RF disabled (airplane mode)";
            default -> "vendor-specific level " + level;
        };
    }
}
