/*
 * JSON as the tutorial's tools print it: Go's json.MarshalIndent (Docker, 4 spaces), jq's default
 * pretty-printing (2 spaces), and compact one-line JSON (etcd values). One Jackson ObjectMapper
 * for the whole simulator.
 */
package org.overlaylab.simulator.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

public final class JsonText {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses JSON text; throws IllegalArgumentException with the parser's message. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pretty text with the given indent: "    " for Docker, "  " for jq. Empty containers stay {} and []. */
    public static String pretty(JsonNode node, String indent) {
        StringBuilder sb = new StringBuilder();
        write(node, indent, "", sb);
        return sb.toString();
    }

    private static void write(JsonNode n, String indent, String current, StringBuilder sb) {
        if (n.isObject()) {
            if (n.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            String inner = current + indent;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(inner).append(quote(e.getKey())).append(": ");
                write(e.getValue(), indent, inner, sb);
                if (it.hasNext()) {
                    sb.append(',');
                }
                sb.append('\n');
            }
            sb.append(current).append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            String inner = current + indent;
            for (int i = 0; i < n.size(); i++) {
                sb.append(inner);
                write(n.get(i), indent, inner, sb);
                if (i < n.size() - 1) {
                    sb.append(',');
                }
                sb.append('\n');
            }
            sb.append(current).append(']');
        } else {
            sb.append(compact(n));
        }
    }

    private static String quote(String s) {
        return compact(MAPPER.getNodeFactory().textNode(s));
    }
}
