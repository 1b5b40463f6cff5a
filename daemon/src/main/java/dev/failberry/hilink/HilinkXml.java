package dev.failberry.hilink;

import dev.failberry.hilink.Reply.Garble;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a HiLink reply body into a {@link Reply}; pure. Uses the JDK's DOM parser hardened as OWASP
 * recommends: no DOCTYPE at all (which rules out internal entity expansion, the "billion laughs", and
 * every external entity or DTD), no XInclude, secure processing on. The replies are one level deep and
 * tiny (the HTTP client caps a body at 64 KiB), so a DOM costs nothing and a library would add nothing.
 *
 * <p>The stick labels its XML {@code text/html}, so the body, not the Content-Type, decides: an HTML
 * page (a redirect target, a captive portal) is recognised before parsing so the reason says so.
 */
final class HilinkXml {
    private static final Pattern HTML =
            Pattern.compile("^(?:<\\?xml[^>]*>\\s*)?<(?:!doctype\\s+html|html)[\\s>]", Pattern.CASE_INSENSITIVE);
    private static final Pattern CODE = Pattern.compile("\\s*(-?\\d{1,9})\\s*");
    private static final DocumentBuilderFactory FACTORY = hardenedFactory();
    /** A builder per thread, reset before each use (creating one costs more than parsing a reply). */
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            synchronized (FACTORY) {
                return FACTORY.newDocumentBuilder();
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    });

    private static final ErrorHandler QUIET = new ErrorHandler() {
        // the default handler prints to stderr; the caller logs one line with the reason instead
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private HilinkXml() {}

    static Reply parse(String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).strip();
        }
        if (text.isEmpty()) {
            return new Reply.Garbled(Garble.EMPTY, "an empty reply");
        }
        if (HTML.matcher(text).find()) {
            return new Reply.Garbled(Garble.HTML, "an HTML page instead of the API's XML");
        }
        Document doc;
        try {
            DocumentBuilder builder = BUILDER.get();
            builder.reset();
            builder.setErrorHandler(QUIET);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused");
            });
            doc = builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXException e) {
            return new Reply.Garbled(Garble.MALFORMED, "malformed XML (" + oneLine(e.getMessage()) + ")");
        } catch (IOException e) {
            return new Reply.Garbled(Garble.MALFORMED, "unreadable XML (" + oneLine(e.getMessage()) + ")");
        }
        Element root = doc.getDocumentElement();
        String name = root.getTagName();
        if (name.equals("error")) {
            Map<String, String> f = children(root);
            Matcher m = CODE.matcher(f.getOrDefault("code", ""));
            if (!m.matches()) {
                return new Reply.Garbled(Garble.MALFORMED, "an <error> without a numeric <code>");
            }
            return new Reply.Error(
                    Integer.parseInt(m.group(1)), f.getOrDefault("message", "").strip());
        }
        if (name.equals("response")) {
            return new Reply.Fields(children(root), directText(root));
        }
        return new Reply.Garbled(Garble.MALFORMED, "unexpected root element <" + clip(name) + ">");
    }

    /** First-level child elements: tag -> text content (nested elements are flattened to their text). */
    private static Map<String, String> children(Element root) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.putIfAbsent(e.getTagName(), e.getTextContent());
            }
        }
        return out;
    }

    private static String directText(Element root) {
        StringBuilder sb = new StringBuilder();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                sb.append(n.getNodeValue());
            }
        }
        return sb.toString();
    }

    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        return f;
    }

    /** A reason fit for one log line: no line breaks, at most 120 characters. */
    static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }

    private static String clip(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        return t.length() > 30 ? t.substring(0, 30) : t;
    }
}
