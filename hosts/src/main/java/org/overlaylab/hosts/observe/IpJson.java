/*
 * Parsers for iproute2's JSON output (`ip -j -d link`, `ip -j addr`, `ip -j route`, `ip -j neigh`,
 * `bridge -j fdb`) into topology records. They read only what the output says, so they serve the
 * real kernel (netns, SSH) and the simulator, which answers the same commands.
 */
package org.overlaylab.hosts.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.InterfaceAddress;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.Neighbour;
import org.overlaylab.model.topology.Route;
import org.overlaylab.packets.encap.Encapsulations;

public final class IpJson {
    private IpJson() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** A device as `ip -j -d link` shows it, before addresses and the peer's namespace are known. */
    public record Link(int index, String name, String kind, String mac, int mtu, boolean up, String operState,
                       String master, String peerName, int peerIndex, Integer peerNetnsId, NetInterface.Vxlan vxlan) {}

    static JsonNode tree(String json) throws IOException {
        String t = json == null ? "" : json.strip();
        return t.isEmpty() ? JSON.createArrayNode() : JSON.readTree(t);
    }

    public static List<Link> links(String json) throws IOException {
        List<Link> out = new ArrayList<>();
        for (JsonNode n : tree(json)) {
            JsonNode info = n.path("linkinfo");
            String kind = info.path("info_kind").asText("");
            String linkType = n.path("link_type").asText("");
            if (kind.isEmpty()) {
                kind = linkType.equals("loopback") ? "loopback" : linkType.equals("none") ? "none" : "ether";
            }
            boolean up = false;
            for (JsonNode f : n.path("flags")) {
                if (f.asText().equals("UP")) {
                    up = true;
                }
            }
            String name = n.path("ifname").asText();
            int at = name.indexOf('@');
            if (at > 0) {
                name = name.substring(0, at);
            }
            NetInterface.Vxlan vx = null;
            if (kind.equals("vxlan")) {
                JsonNode d = info.path("info_data");
                String remote = d.has("remote") ? d.get("remote").asText() : d.has("group") ? d.get("group").asText() : null;
                vx = new NetInterface.Vxlan(d.path("id").asInt(), d.path("local").asText(null), remote,
                        d.path("link").asText(null), d.path("port").asInt(Encapsulations.VXLAN_LINUX_PORT), d.path("learning").asBoolean(false),
                        flag(d, "proxy"), flag(d, "l2miss"), flag(d, "l3miss"));
            }
            String peerName = n.has("link") && !n.get("link").isNull() ? n.get("link").asText() : null;
            int peerIndex = n.path("link_index").asInt(-1);
            Integer peerNs = n.has("link_netnsid") ? n.get("link_netnsid").asInt() : null;
            out.add(new Link(n.path("ifindex").asInt(), name, kind, n.path("address").asText(null), n.path("mtu").asInt(),
                    up, n.path("operstate").asText(""), n.has("master") ? n.get("master").asText() : null,
                    peerName, peerIndex, peerNs, vx));
        }
        return out;
    }

    private static boolean flag(JsonNode d, String name) {
        JsonNode v = d.get(name);
        return v != null && (v.isBoolean() ? v.asBoolean() : !v.isNull());
    }

    /** ifname -> IPv4 addresses, from `ip -j addr`. */
    public static Map<String, List<InterfaceAddress>> addresses(String json) throws IOException {
        Map<String, List<InterfaceAddress>> out = new HashMap<>();
        for (JsonNode n : tree(json)) {
            List<InterfaceAddress> list = new ArrayList<>();
            for (JsonNode a : n.path("addr_info")) {
                if (a.path("family").asText().equals("inet")) {
                    list.add(new InterfaceAddress(a.path("local").asText(), a.path("prefixlen").asInt(),
                            a.has("broadcast") ? a.get("broadcast").asText() : null, a.path("scope").asText("global")));
                }
            }
            String name = n.path("ifname").asText();
            out.put(name, list);
        }
        return out;
    }

    public static List<Route> routes(String json) throws IOException {
        List<Route> out = new ArrayList<>();
        for (JsonNode n : tree(json)) {
            boolean onlink = false;
            for (JsonNode f : n.path("flags")) {
                if (f.asText().equals("onlink")) {
                    onlink = true;
                }
            }
            String dst = n.path("dst").asText();
            if (!dst.equals("default") && !dst.contains("/") && !dst.contains(":")) {
                // iproute2 prints a host route without its /32
                dst = dst + "/32";
            }
            out.add(new Route(dst, n.has("gateway") ? n.get("gateway").asText() : null,
                    n.has("dev") ? n.get("dev").asText() : null, protocol(n),
                    n.path("scope").asText("global"), n.has("prefsrc") ? n.get("prefsrc").asText() : null,
                    n.path("type").asText("unicast"), n.path("metric").asInt(0), onlink));
        }
        return out;
    }

    /** The route's protocol; "boot" (what `ip route add` gives, and `ip route` does not print) is none. */
    private static String protocol(JsonNode n) {
        String p = n.path("protocol").asText("");
        return p.isEmpty() || p.equals("boot") ? null : p;
    }

    public static List<Neighbour> neighbours(String json) throws IOException {
        List<Neighbour> out = new ArrayList<>();
        for (JsonNode n : tree(json)) {
            List<String> states = new ArrayList<>();
            n.path("state").forEach(s -> states.add(s.asText()));
            out.add(new Neighbour(n.path("dst").asText(), n.path("dev").asText(), n.has("lladdr") ? n.get("lladdr").asText() : null,
                    String.join(",", states)));
        }
        return out;
    }

    public static List<FdbEntry> fdb(String json) throws IOException {
        List<FdbEntry> out = new ArrayList<>();
        for (JsonNode n : tree(json)) {
            boolean self = false;
            for (JsonNode f : n.path("flags")) {
                if (f.asText().equals("self")) {
                    self = true;
                }
            }
            out.add(new FdbEntry(n.path("mac").asText(), n.path("ifname").asText(), n.has("master") ? n.get("master").asText() : null,
                    n.has("dst") ? n.get("dst").asText() : null, self, n.path("state").asText("")));
        }
        return out;
    }

    /** Joins links with their addresses; peers stay by index until the namespaces are known. */
    public static List<NetInterface> interfaces(List<Link> links, Map<String, List<InterfaceAddress>> addrs) {
        List<NetInterface> out = new ArrayList<>();
        for (Link l : links) {
            NetInterface.Peer peer = l.kind().equals("veth") || l.peerName() != null && l.kind().equals("veth")
                    ? new NetInterface.Peer(l.peerName(), l.peerIndex(), null) : null;
            out.add(new NetInterface(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), l.up(), l.operState(), l.master(),
                    peer, addrs.getOrDefault(l.name(), List.of()), l.vxlan()));
        }
        return out;
    }
}
