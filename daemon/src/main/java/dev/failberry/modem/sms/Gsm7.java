package dev.failberry.modem.sms;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1 and §6.2.1.1), and the
 * packing of septets into octets (§6.1.2.1.1). A character of the extension table is sent as ESC (0x1B)
 * followed by its code, so it costs two of the 160 septets of one message.
 */
final class Gsm7 {
    /** The default alphabet, indexed by septet value; 0x1B is the escape to the extension table. */
    static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    static final int ESC = 0x1B;
    /** The extension table (septet after ESC, character); form feed is the page break. */
    private static final int[][] EXTENSION = {
        {0x0A, '\f'},
        {0x14, '^'},
        {0x28, '{'},
        {0x29, '}'},
        {0x2F, '\\'},
        {0x3C, '['},
        {0x3D, '~'},
        {0x3E, ']'},
        {0x40, '|'},
        {0x65, '€'},
    };

    static {
        if (BASIC.length() != 128) {
            throw new ExceptionInInitializerError("GSM basic table must have 128 entries, has " + BASIC.length());
        }
    }

    private Gsm7() {}

    /** Septets {@code c} costs: 1 in the default alphabet, 2 in the extension table, -1 if not in GSM 7-bit. */
    public static int cost(int c) {
        if (c != ESC && c < 0x10000 && BASIC.indexOf(c) >= 0) {
            return 1;
        }
        return extensionCode(c) >= 0 ? 2 : -1;
    }

    /** True when every character of {@code text} exists in the default alphabet or its extension table. */
    public static boolean canEncode(CharSequence text) {
        return text.codePoints().allMatch(c -> cost(c) > 0);
    }

    /** The number of septets {@code text} needs; -1 if it cannot be encoded. */
    public static int septetCount(CharSequence text) {
        int n = 0;
        for (int c : text.codePoints().toArray()) {
            int cost = cost(c);
            if (cost < 0) {
                return -1;
            }
            n += cost;
        }
        return n;
    }

    /** The unpacked septet values of {@code text} (ESC pairs for extension characters). */
    static byte[] septets(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        text.codePoints().forEach(c -> {
            int basic = c == ESC || c >= 0x10000 ? -1 : BASIC.indexOf(c);
            if (basic >= 0) {
                out.write(basic);
                return;
            }
            int ext = extensionCode(c);
            if (ext < 0) {
                throw new IllegalArgumentException("not in the GSM 7-bit alphabet: U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT));
            }
            out.write(ESC);
            out.write(ext);
        });
        return out.toByteArray();
    }

    /** Packs septets into octets, least significant bit first (23.038 §6.1.2.1.1). */
    static byte[] pack(byte[] septets) {
        byte[] out = new byte[(septets.length * 7 + 7) / 8];
        int bit = 0;
        for (byte s : septets) {
            int v = s & 0x7F;
            int idx = bit / 8;
            int shift = bit % 8;
            out[idx] |= (byte) (v << shift);
            if (shift > 1) {
                out[idx + 1] |= (byte) (v >> (8 - shift));
            }
            bit += 7;
        }
        return out;
    }

    /** Unpacks {@code count} septets from packed octets. */
    static byte[] unpack(byte[] octets, int count) {
        if ((count * 7 + 7) / 8 > octets.length) {
            throw new IllegalArgumentException(count + " septets need more than " + octets.length + " octets");
        }
        byte[] out = new byte[count];
        int bit = 0;
        for (int i = 0; i < count; i++) {
            int idx = bit / 8;
            int shift = bit % 8;
            int v = (octets[idx] & 0xFF) >> shift;
            if (shift > 1) {
                v |= (octets[idx + 1] & 0xFF) << (8 - shift);
            }
            out[i] = (byte) (v & 0x7F);
            bit += 7;
        }
        return out;
    }

    /** Text from unpacked septets; an ESC before an unknown code reads as a space (23.038 §6.2.1.1). */
    static String decode(byte[] septets) {
        StringBuilder sb = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int s = septets[i] & 0x7F;
            if (s == ESC) {
                if (i + 1 < septets.length) {
                    int code = septets[++i] & 0x7F;
                    int c = extensionChar(code);
                    sb.appendCodePoint(c >= 0 ? c : ' ');
                } else {
                    sb.append(' ');
                }
            } else {
                sb.append(BASIC.charAt(s));
            }
        }
        return sb.toString();
    }

    private static int extensionCode(int c) {
        for (int[] e : EXTENSION) {
            if (e[1] == c) {
                return e[0];
            }
        }
        return -1;
    }

    private static int extensionChar(int code) {
        for (int[] e : EXTENSION) {
            if (e[0] == code) {
                return e[1];
            }
        }
        return -1;
    }
}
