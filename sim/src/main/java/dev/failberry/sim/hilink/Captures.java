package dev.failberry.sim.hilink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The captured replies the stand-in serves ({@code /sim/hilink/captures/}, see the README there), and
 * the few substitutions it makes in them: the values of elements that must change with its state
 * (session cookie and token, connection status, WAN address, login state, an error code, and after a
 * radio fault the service status, network type, signal bars and RSSI/RSRP). Nothing else of a capture
 * is altered.
 */
final class Captures {
    static final String ROOT = "/sim/hilink/captures/";

    private Captures() {}

    static String load(String name) {
        try (InputStream in = Captures.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing capture " + ROOT + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document with the text of every {@code <tag>...</tag>} (or {@code <tag/>}) replaced by {@code value}. */
    static String with(String xml, String tag, String value) {
        Pattern p = Pattern.compile("<" + tag + ">[^<]*</" + tag + ">|<" + tag + "\\s*/>");
        Matcher m = p.matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("capture has no <" + tag + ">");
        }
        return m.replaceAll(Matcher.quoteReplacement("<" + tag + ">" + value + "</" + tag + ">"));
    }

    /** Inserts {@code <tag>value</tag>} right after the element {@code after} (with the capture's line end). */
    static String insertAfter(String xml, String after, String tag, String value) {
        String close = "</" + after + ">";
        int at = xml.indexOf(close);
        if (at < 0) {
            throw new IllegalArgumentException("capture has no <" + after + ">");
        }
        int end = at + close.length();
        String eol = xml.startsWith("\r\n", end) ? "\r\n" : xml.startsWith("\n", end) ? "\n" : "";
        return xml.substring(0, end) + eol + "<" + tag + ">" + value + "</" + tag + ">" + xml.substring(end);
    }
}
