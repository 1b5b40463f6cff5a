package dev.failberry.modem.parse;

/**
 * Current operator from {@code +COPS?}.
 *
 * @param mode     selection mode: 0 automatic, 1 manual, 2 deregistered, 3 format-only, 4 manual
 *                 with automatic fallback
 * @param format   0 long alphanumeric, 1 short alphanumeric, 2 numeric MCC+MNC; {@code null} when
 *                 the modem reported no operator
 * @param operator operator name or MCC+MNC, {@code null} when not registered (bare {@code +COPS: 0})
 * @param act      access technology, {@link AccessTechnology#UNKNOWN} when not reported
 */
public record OperatorInfo(int mode, Integer format, String operator, AccessTechnology act) {

    /** Format value of a numeric MCC+MNC operator. */
    public static final int FORMAT_NUMERIC = 2;

    /** True when the modem reported an operator. */
    public boolean hasOperator() {
        return operator != null;
    }

    /** True when {@link #operator} is a 5 or 6 digit MCC+MNC. */
    public boolean isNumeric() {
        return operator != null
                && format != null
                && format == FORMAT_NUMERIC
                && Fields.isDigits(operator)
                && operator.length() >= 5
                && operator.length() <= 6;
    }

    /** True for automatic selection (mode 0). */
    public boolean isAutomatic() {
        return mode == 0;
    }
}
