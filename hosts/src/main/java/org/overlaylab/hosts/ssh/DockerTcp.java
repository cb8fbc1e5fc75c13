/*
 * A host's Docker Engine API over TCP with docker-java, as the tutorial opens it (`docker daemon
 * -H tcp://0.0.0.0:2375`): plain on 2375, or with TLS on 2376 when the hosts file gives the
 * client certificates. Port 2375 has no authentication at all: whoever reaches it controls the
 * machine as root, which every note about it says. Reads the same JSON `docker inspect` and
 * `docker network inspect` print, for the probe's parsers.
 */
package org.overlaylab.hosts.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

final class DockerTcp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uri;
    private final boolean tls;
    private final DockerHttpClient http;

    DockerTcp(HostsFile.Entry e) {
        this.tls = e.dockerCerts() != null;
        this.uri = "tcp://" + e.address() + ":" + (tls ? 2376 : 2375);
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(uri);
        if (tls) {
            b.withDockerTlsVerify(true).withDockerCertPath(e.dockerCerts().toString());
        } else {
            b.withDockerTlsVerify(false);
        }
        DefaultDockerClientConfig cfg = b.build();
        http = new ApacheDockerHttpClient.Builder().dockerHost(cfg.getDockerHost()).sslConfig(cfg.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(1)).responseTimeout(Duration.ofSeconds(10)).build();
    }

    /** "tcp://192.168.205.10:2375 (no authentication: ...)" for daemon details and notes. */
    String describe() {
        return uri + (tls ? " (TLS, client certificate)" : " (no authentication: whoever reaches this port controls the host as root)");
    }

    private String get(String path) throws IOException {
        DockerHttpClient.Request req = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response r = http.execute(req); InputStream body = r.getBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (r.getStatusCode() != 200) {
                throw new IOException("Docker API " + path + ": HTTP " + r.getStatusCode());
            }
            return text;
        } catch (RuntimeException e) {
            throw new IOException(uri + ": " + e.getMessage(), e);
        }
    }

    /** Whether the daemon answers on its TCP port now. */
    boolean answers() {
        try {
            return get("/_ping").strip().equals("OK");
        } catch (IOException e) {
            return false;
        }
    }

    /** Adds the "docker-containers" and "docker-networks" sections the topology builder reads. */
    void sections(Map<String, String> sections) throws IOException {
        JsonNode list = JSON.readTree(get("/containers/json?all=1"));
        ArrayNode containers = JSON.createArrayNode();
        for (JsonNode c : list) {
            containers.add(JSON.readTree(get("/containers/" + c.path("Id").asText() + "/json")));
        }
        sections.put("docker-containers", JSON.writeValueAsString(containers));
        sections.put("docker-networks", get("/networks"));
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
