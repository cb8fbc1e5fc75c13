/*
 * Parses etcd's v2 HTTP answers: a recursive key listing (GET /v2/keys/?recursive=true) into
 * EtcdKey records marked "v2", and the member list (GET /v2/members).
 */
package org.overlaylab.hosts.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.topology.EtcdKey;

public final class EtcdJson {
    private EtcdJson() {}

    public record Member(String id, String name, List<String> peerUrls, List<String> clientUrls) {}

    public static List<EtcdKey> v2Keys(String json) throws IOException {
        List<EtcdKey> out = new ArrayList<>();
        walk(IpJson.tree(json).path("node"), out);
        out.sort(java.util.Comparator.comparing(EtcdKey::key));
        return out;
    }

    private static void walk(JsonNode node, List<EtcdKey> out) {
        String key = node.path("key").asText("");
        boolean dir = node.path("dir").asBoolean(false);
        if (!key.isEmpty()) {
            out.add(new EtcdKey(key, dir ? null : node.path("value").asText(""), "v2", node.path("ttl").asLong(0)));
        }
        for (JsonNode child : node.path("nodes")) {
            walk(child, out);
        }
    }

    public static List<Member> members(String json) throws IOException {
        List<Member> out = new ArrayList<>();
        for (JsonNode m : IpJson.tree(json).path("members")) {
            List<String> peers = new ArrayList<>();
            m.path("peerURLs").forEach(u -> peers.add(u.asText()));
            List<String> clients = new ArrayList<>();
            m.path("clientURLs").forEach(u -> clients.add(u.asText()));
            out.add(new Member(m.path("id").asText(), m.path("name").asText(), peers, clients));
        }
        return out;
    }
}
