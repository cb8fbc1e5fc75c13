/*
 * Reads a host's Docker Engine API straight from its Unix socket (HTTP/1.0, no client process):
 * the containers as `docker inspect` prints them and the networks as `docker network inspect`
 * does, which is the same JSON the CLI shows, so the probe's parsers read it unchanged.
 */
package org.overlaylab.hosts.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

final class DockerApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerApi() {}

    /** GET path on the socket; the body of a 200 answer, else an IOException with the status. */
    static String get(Path socket, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.read(buf) > 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0 || !text.startsWith("HTTP/")) {
                throw new IOException("no HTTP answer on " + socket);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            if (status != 200) {
                throw new IOException("docker API " + path + ": HTTP " + status);
            }
            return text.substring(headEnd + 4);
        }
    }

    /** Adds "docker-containers" and "docker-networks" sections when the daemon answers. */
    static void sections(Path socket, Map<String, String> sections) {
        if (!Files.exists(socket)) {
            return;
        }
        try {
            JsonNode list = JSON.readTree(get(socket, "/containers/json?all=1"));
            ArrayNode containers = JSON.createArrayNode();
            for (JsonNode c : list) {
                containers.add(JSON.readTree(get(socket, "/containers/" + c.path("Id").asText() + "/json")));
            }
            String networks = get(socket, "/networks");
            sections.put("docker-containers", JSON.writeValueAsString(containers));
            sections.put("docker-networks", networks);
        } catch (IOException e) {
            // a daemon that is down has no containers to show
        }
    }
}
