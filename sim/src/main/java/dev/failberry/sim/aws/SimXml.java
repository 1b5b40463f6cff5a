package dev.failberry.sim.aws;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Just enough XML for the Route53 simulator: parse (no DTDs), find children, escape, re-serialize. */
final class SimXml {
    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    private SimXml() {}

    static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed XML: " + e.getMessage(), e);
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    static String text(Element parent, String name) {
        Element c = child(parent, name);
        return c == null ? null : c.getTextContent().trim();
    }

    /** The simple (text-only) children of {@code e} as name -> text, in document order. */
    static Map<String, String> fields(Element e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element c : children(e, null)) {
            out.put(c.getTagName(), c.getTextContent().trim());
        }
        return out;
    }

    /** Re-serializes an element (elements and text only), without namespace declarations. */
    static String serialize(Element e) {
        StringBuilder sb = new StringBuilder();
        serialize(e, sb);
        return sb.toString();
    }

    private static void serialize(Element e, StringBuilder sb) {
        sb.append('<').append(e.getTagName()).append('>');
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                serialize(c, sb);
            } else if (n.getNodeType() == Node.TEXT_NODE) {
                sb.append(esc(n.getTextContent()));
            }
        }
        sb.append("</").append(e.getTagName()).append('>');
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String el(String name, Object value) {
        return value == null ? "" : "<" + name + ">" + esc(value.toString()) + "</" + name + ">";
    }

    static String error(Fault f, String requestId) {
        return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>"
                + (f.status >= 500 ? "Receiver" : "Sender") + "</Type>" + el("Code", f.code) + el("Message", f.message)
                + "</Error>" + el("RequestId", requestId) + "</ErrorResponse>";
    }

    static String error(int status, String code, String message, String requestId) {
        return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>"
                + (status >= 500 ? "Receiver" : "Sender") + "</Type>" + el("Code", code) + el("Message", message)
                + "</Error>" + el("RequestId", requestId) + "</ErrorResponse>";
    }
}
