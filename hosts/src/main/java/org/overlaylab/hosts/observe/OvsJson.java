/*
 * Parses `ovs-vsctl --format=json list Bridge/Port/Interface` (one table each) into OVS bridges
 * with their ports, each port typed by its interface (internal, gre, vxlan, or "" for a device).
 */
package org.overlaylab.hosts.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.topology.OvsBridge;

public final class OvsJson {
    private OvsJson() {}

    /** One table as rows of heading -> cell. */
    static List<Map<String, JsonNode>> rows(String json) throws IOException {
        List<Map<String, JsonNode>> out = new ArrayList<>();
        JsonNode t = IpJson.tree(json);
        List<String> headings = new ArrayList<>();
        t.path("headings").forEach(h -> headings.add(h.asText()));
        for (JsonNode r : t.path("data")) {
            Map<String, JsonNode> row = new HashMap<>();
            for (int i = 0; i < headings.size() && i < r.size(); i++) {
                row.put(headings.get(i), r.get(i));
            }
            out.add(row);
        }
        return out;
    }

    /** ["uuid","x"] or ["set",[["uuid","x"],...]] -> the uuids. */
    static List<String> uuids(JsonNode cell) {
        List<String> out = new ArrayList<>();
        if (cell == null) {
            return out;
        }
        if (cell.isArray() && cell.size() == 2 && cell.get(0).asText().equals("uuid")) {
            out.add(cell.get(1).asText());
        } else if (cell.isArray() && cell.size() == 2 && cell.get(0).asText().equals("set")) {
            for (JsonNode x : cell.get(1)) {
                out.addAll(uuids(x));
            }
        }
        return out;
    }

    static Map<String, String> map(JsonNode cell) {
        Map<String, String> out = new LinkedHashMap<>();
        if (cell != null && cell.isArray() && cell.size() == 2 && cell.get(0).asText().equals("map")) {
            for (JsonNode kv : cell.get(1)) {
                out.put(kv.get(0).asText(), kv.get(1).asText());
            }
        }
        return out;
    }

    static String text(JsonNode cell) {
        if (cell == null) {
            return "";
        }
        if (cell.isArray() && cell.size() == 2 && cell.get(0).asText().equals("set") && cell.get(1).size() == 0) {
            return "";
        }
        return cell.asText();
    }

    public static List<OvsBridge> bridges(String bridgeJson, String portJson, String interfaceJson) throws IOException {
        Map<String, Map<String, JsonNode>> ifaces = new HashMap<>();
        for (Map<String, JsonNode> r : rows(interfaceJson)) {
            ifaces.put(uuids(r.get("_uuid")).get(0), r);
        }
        Map<String, Map<String, JsonNode>> ports = new HashMap<>();
        for (Map<String, JsonNode> r : rows(portJson)) {
            ports.put(uuids(r.get("_uuid")).get(0), r);
        }
        List<OvsBridge> out = new ArrayList<>();
        for (Map<String, JsonNode> b : rows(bridgeJson)) {
            List<OvsBridge.Port> list = new ArrayList<>();
            for (String pu : uuids(b.get("ports"))) {
                Map<String, JsonNode> p = ports.get(pu);
                if (p == null) {
                    continue;
                }
                List<String> ius = uuids(p.get("interfaces"));
                Map<String, JsonNode> i = ius.isEmpty() ? null : ifaces.get(ius.get(0));
                list.add(new OvsBridge.Port(text(p.get("name")), i == null ? "" : text(i.get("type")),
                        i == null ? Map.of() : map(i.get("options"))));
            }
            list.sort(java.util.Comparator.comparing(OvsBridge.Port::name));
            out.add(new OvsBridge(text(b.get("name")), text(b.get("datapath_type")), list));
        }
        out.sort(java.util.Comparator.comparing(OvsBridge::name));
        return out;
    }
}
