package dev.failberry.usb;

import java.util.Comparator;

/** Orders tty names by prefix, then by their number ({@code ttyUSB2} before {@code ttyUSB10}). */
enum TtyOrder implements Comparator<String> {
    INSTANCE;

    @Override
    public int compare(String a, String b) {
        String pa = prefix(a);
        String pb = prefix(b);
        int c = pa.compareTo(pb);
        return c != 0 ? c : Long.compare(number(a), number(b));
    }

    static String prefix(String name) {
        int i = name.length();
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        return name.substring(0, i);
    }

    /** The trailing number of a tty name, or -1. */
    public static long number(String name) {
        String digits = name.substring(prefix(name).length());
        if (digits.isEmpty() || digits.length() > 9) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
