package dev.failberry.modem.sms;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads an SMS-SUBMIT PDU as sent after {@code AT+CMGS} (optional SMSC part, then the TPDU, 3GPP TS
 * 23.040 §9.2.2.2). It checks what {@link SmsPdu} writes (round trips in the tests) and is what the
 * modem simulator uses to show the message a test sent. Malformed input gives an
 * {@link IllegalArgumentException} naming what is wrong.
 */
public final class SmsPduDecoder {
    /**
     * @param smsc           the SMSC number in the PDU, or "" when the SIM's is used ({@code 00})
     * @param firstOctet     TP-MTI, TP-VPF, TP-UDHI ... as sent
     * @param number         the destination, with a leading '+' when the type of address is international
     * @param typeOfAddress  e.g. {@code 0x91} international, {@code 0x81} unknown
     * @param dcs            the data coding scheme octet
     * @param validity       the relative validity period octet, or -1 when none or not relative
     * @param text           the decoded user data (after any user data header)
     * @param tpduLength     TPDU octets, the value {@code AT+CMGS} must have been given
     */
    public record Decoded(
            String smsc,
            int firstOctet,
            int messageReference,
            String number,
            int typeOfAddress,
            int pid,
            int dcs,
            int validity,
            String text,
            int tpduLength) {}

    private SmsPduDecoder() {}

    /** Decodes a PDU that starts with the SMSC part (as after the {@code > } prompt). */
    public static Decoded decodeSubmit(String hex) {
        byte[] b = parseHex(hex);
        int smscLength = at(b, 0);
        String smsc = "";
        if (smscLength > 0) {
            int toa = at(b, 1);
            smsc = (toa == SmsPdu.TOA_INTERNATIONAL ? "+" : "") + digits(Arrays.copyOfRange(b, 2, 1 + smscLength), -1);
        }
        int p = 1 + smscLength;
        int tpduStart = p;
        int first = at(b, p++);
        if ((first & 0x03) != 0x01) {
            throw new IllegalArgumentException("not an SMS-SUBMIT: TP-MTI is " + (first & 0x03));
        }
        int mr = at(b, p++);
        int addressDigits = at(b, p++);
        int toa = at(b, p++);
        int addressOctets = (addressDigits + 1) / 2;
        check(b, p + addressOctets);
        String number = digits(Arrays.copyOfRange(b, p, p + addressOctets), addressDigits);
        p += addressOctets;
        int pid = at(b, p++);
        int dcs = at(b, p++);
        int vpf = (first >> 3) & 0x03;
        int validity = -1;
        if (vpf == 0b10) {
            validity = at(b, p++);
        } else if (vpf != 0) {
            p += 7; // enhanced or absolute format: seven octets
        }
        int udl = at(b, p++);
        byte[] ud = Arrays.copyOfRange(b, Math.min(p, b.length), b.length);
        boolean udhi = (first & 0x40) != 0;
        String text = userData(ud, udl, dcs, udhi);
        return new Decoded(
                smsc,
                first,
                mr,
                (toa == SmsPdu.TOA_INTERNATIONAL ? "+" : "") + number,
                toa,
                pid,
                dcs,
                validity,
                text,
                b.length - tpduStart);
    }

    private static String userData(byte[] ud, int udl, int dcs, boolean udhi) {
        int header = udhi && ud.length > 0 ? (ud[0] & 0xFF) + 1 : 0;
        switch (alphabet(dcs)) {
            case 0 -> {
                if ((udl * 7 + 7) / 8 > ud.length) {
                    throw new IllegalArgumentException(
                            "user data length " + udl + " septets, but only " + ud.length + " octets");
                }
                byte[] septets = Gsm7.unpack(ud, udl);
                int skip = (header * 8 + 6) / 7;
                return Gsm7.decode(Arrays.copyOfRange(septets, Math.min(skip, udl), udl));
            }
            case 2 -> {
                if (udl > ud.length || udl % 2 != 0) {
                    throw new IllegalArgumentException(
                            "UCS-2 user data length " + udl + " with " + ud.length + " octets");
                }
                return new String(ud, header, udl - header, StandardCharsets.UTF_16BE);
            }
            default -> {
                if (udl > ud.length) {
                    throw new IllegalArgumentException("user data length " + udl + " with " + ud.length + " octets");
                }
                return new String(ud, header, udl - header, StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** 0 = GSM 7-bit, 1 = 8-bit, 2 = UCS-2 (23.038 §4, general and "data coding/message class" groups). */
    private static int alphabet(int dcs) {
        if ((dcs & 0xC0) == 0) {
            return (dcs >> 2) & 0x03;
        }
        if ((dcs & 0xF0) == 0xF0) {
            return (dcs & 0x04) != 0 ? 1 : 0;
        }
        return 0;
    }

    private static String digits(byte[] semiOctets, int count) {
        StringBuilder sb = new StringBuilder();
        for (byte o : semiOctets) {
            int lo = o & 0x0F;
            int hi = (o >> 4) & 0x0F;
            sb.append(Character.forDigit(lo, 16));
            if (hi != 0x0F) {
                sb.append(Character.forDigit(hi, 16));
            }
        }
        return count >= 0 && sb.length() > count ? sb.substring(0, count) : sb.toString();
    }

    private static byte[] parseHex(String hex) {
        String h = hex.strip();
        if (h.isEmpty() || h.length() % 2 != 0 || !h.matches("[0-9A-Fa-f]+")) {
            throw new IllegalArgumentException("not a hex PDU");
        }
        return HexFormat.of().parseHex(h);
    }

    private static int at(byte[] b, int i) {
        check(b, i + 1);
        return b[i] & 0xFF;
    }

    private static void check(byte[] b, int needed) {
        if (b.length < needed) {
            throw new IllegalArgumentException("PDU ends early: " + b.length + " octets, needs at least " + needed);
        }
    }
}
