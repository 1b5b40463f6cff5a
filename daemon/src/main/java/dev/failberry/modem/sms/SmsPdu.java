package dev.failberry.modem.sms;

import dev.failberry.config.NotifyConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SMS-SUBMIT in PDU mode (3GPP TS 23.040 §9.2.2.2 for the TPDU, TS 27.005 §3.1/§3.5.1 for the framing):
 * {@code 00} (use the SMSC stored on the SIM), then the TPDU. {@code AT+CMGS=<n>} takes the TPDU's
 * length in octets, i.e. without that first {@code 00}.
 *
 * <p>One message only, never concatenated: at most 160 septets of the GSM 7-bit alphabet (extension
 * characters count two) or, when any character is outside it, 70 UTF-16 units of UCS-2. {@link #fit}
 * shortens a longer text and ends it with an ellipsis ({@code "..."} in GSM, {@code "…"} in UCS-2)
 * rather than splitting it: an alert arrives whole or not at all, and a concatenated message costs two
 * and is reassembled badly by some phones (gammu #522, #761).
 *
 * <p>The TPDU: first octet {@code 0x11} (SMS-SUBMIT, relative validity period present), message
 * reference 0 (the modem assigns one), the destination as an international number (type of address
 * {@code 0x91}), PID 0, DCS {@code 0x00} (GSM 7-bit) or {@code 0x08} (UCS-2), validity {@code 0xA7}
 * (24 hours: an outage alert that arrives a day late is noise), then the user data.
 */
public final class SmsPdu {
    public static final int MAX_SEPTETS = 160;
    public static final int MAX_UCS2_UNITS = 70;
    static final int FIRST_OCTET_SUBMIT_VP_RELATIVE = 0x11;
    static final int VALIDITY_24_HOURS = 0xA7;
    static final int TOA_INTERNATIONAL = 0x91;

    /** The data coding scheme a text is sent with. */
    public enum Coding {
        GSM7,
        UCS2
    }

    /** A text that fits one message, and how it will be coded. */
    public record Fitted(String text, Coding coding, boolean truncated) {}

    /**
     * A PDU ready for {@code AT+CMGS}.
     *
     * @param hex         what follows the {@code > } prompt (before Ctrl-Z): {@code 00} + the TPDU in hex
     * @param tpduLength  the length for {@code AT+CMGS=<n>}: TPDU octets, without the SMSC octet
     * @param fitted      the text as sent
     */
    public record Submit(String hex, int tpduLength, Fitted fitted) {}

    private SmsPdu() {}

    /** Shortens {@code text} to one message (see the class comment); never splits a surrogate pair or an ESC pair. */
    public static Fitted fit(String text) {
        if (Gsm7.canEncode(text)) {
            if (Gsm7.septetCount(text) <= MAX_SEPTETS) {
                return new Fitted(text, Coding.GSM7, false);
            }
            StringBuilder sb = new StringBuilder();
            int used = 0;
            for (int c : text.codePoints().toArray()) {
                int cost = Gsm7.cost(c);
                if (used + cost > MAX_SEPTETS - 3) {
                    break;
                }
                sb.appendCodePoint(c);
                used += cost;
            }
            return new Fitted(sb.append("...").toString(), Coding.GSM7, true);
        }
        if (text.length() <= MAX_UCS2_UNITS) {
            return new Fitted(text, Coding.UCS2, false);
        }
        StringBuilder sb = new StringBuilder();
        for (int c : text.codePoints().toArray()) {
            if (sb.length() + Character.charCount(c) > MAX_UCS2_UNITS - 1) {
                break;
            }
            sb.appendCodePoint(c);
        }
        return new Fitted(sb.append('…').toString(), Coding.UCS2, true);
    }

    /** The SMS-SUBMIT PDU of {@code text} (fitted to one message) for the E.164 number {@code to}. */
    public static Submit submit(String to, String text) {
        if (!NotifyConfig.E164.matcher(to).matches()) {
            throw new IllegalArgumentException("not an E.164 number (+ and 7-15 digits): " + to);
        }
        return encode(to.substring(1), TOA_INTERNATIONAL, fit(text), FIRST_OCTET_SUBMIT_VP_RELATIVE, VALIDITY_24_HOURS);
    }

    /**
     * The general encoder behind {@link #submit}; tests use it to reproduce published PDUs with their own
     * first octet, type of address and validity period ({@code validity} &lt; 0: none).
     */
    static Submit encode(String digits, int typeOfAddress, Fitted fitted, int firstOctet, int validity) {
        if (!digits.matches("\\d{1,20}")) {
            throw new IllegalArgumentException("address must be digits: " + digits);
        }
        ByteArrayOutputStream tpdu = new ByteArrayOutputStream(180);
        tpdu.write(firstOctet);
        tpdu.write(0x00); // TP-MR: the modem sets it
        tpdu.write(digits.length());
        tpdu.write(typeOfAddress);
        tpdu.writeBytes(semiOctets(digits));
        tpdu.write(0x00); // TP-PID: plain short message
        tpdu.write(fitted.coding() == Coding.GSM7 ? 0x00 : 0x08);
        if (validity >= 0) {
            tpdu.write(validity);
        }
        if (fitted.coding() == Coding.GSM7) {
            byte[] septets = Gsm7.septets(fitted.text());
            tpdu.write(septets.length);
            tpdu.writeBytes(Gsm7.pack(septets));
        } else {
            byte[] ucs2 = fitted.text().getBytes(StandardCharsets.UTF_16BE);
            tpdu.write(ucs2.length);
            tpdu.writeBytes(ucs2);
        }
        byte[] bytes = tpdu.toByteArray();
        String hex = "00" + HexFormat.of().withUpperCase().formatHex(bytes);
        return new Submit(hex, bytes.length, fitted);
    }

    /** Digits as swapped semi-octets, padded with F (23.040 §9.1.2.3). */
    static byte[] semiOctets(String digits) {
        byte[] out = new byte[(digits.length() + 1) / 2];
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            out[i / 2] |= (byte) (i % 2 == 0 ? d : d << 4);
        }
        if (digits.length() % 2 == 1) {
            out[out.length - 1] |= (byte) 0xF0;
        }
        return out;
    }

    /** A human summary for logs: coding and size, never the number or the text. */
    static String describe(Submit s) {
        return String.format(
                Locale.ROOT,
                "%s, %d octets%s",
                s.fitted().coding(),
                s.tpduLength(),
                s.fitted().truncated() ? ", truncated" : "");
    }
}
