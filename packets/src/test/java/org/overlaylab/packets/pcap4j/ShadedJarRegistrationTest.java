/*
 * Builds a fat jar the way maven-shade-plugin with ServicesResourceTransformer does (services
 * files concatenated) with pcap4j-packetfactory-static's provider listed FIRST, runs `java -cp`
 * on it and checks that VXLAN, Geneve and GRE are still decoded — the class-path-order trap.
 */
package org.overlaylab.packets.pcap4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.FrameDecoder;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.factory.statik.services.StaticPacketFactoryBinderProvider;

class ShadedJarRegistrationTest {
    private static final String SERVICES = "META-INF/services/org.pcap4j.packet.factory.PacketFactoryBinderProvider";

    @TempDir
    Path dir;

    @Test
    void vxlanAndGreDecodeFromAFatJarWhoseServicesListStaticProviderFirst() throws Exception {
        Path jar = buildFatJar();
        try (JarFile j = new JarFile(jar.toFile())) {
            String services = new String(j.getInputStream(j.getEntry(SERVICES)).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(services.indexOf("StaticPacketFactoryBinderProvider"))
                    .isLessThan(services.indexOf("OverlayPacketFactoryBinderProvider"));
        }
        String out = run(jar);
        assertThat(out).contains("active=true", "vxlan=true vni=100 inner-icmp=true", "gre=true inner-ethernet=true",
                "geneve=true vni=11 inner-icmp=true");
    }

    @Test
    void decodingStillWorksWhenPcap4jWasInitialisedByOthersFirst() throws Exception {
        String out = run(buildFatJar(), "touch-first");
        assertThat(out).contains("active=false", "vxlan=true vni=100 inner-icmp=true", "gre=true inner-ethernet=true",
                "geneve=true vni=11 inner-icmp=true");
    }

    private String run(Path jar, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), TunnelProbeMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Static provider's jar first, then ours, like a shade whose dependency order puts Pcap4J first. */
    private Path buildFatJar() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Path> parts = new ArrayList<>(new LinkedHashSet<>(List.of(
                location(StaticPacketFactoryBinderProvider.class),
                location(EthernetPacket.class),
                location(org.slf4j.LoggerFactory.class),
                location(com.sun.jna.Platform.class),
                location(Class.forName("org.slf4j.nop.NOPServiceProvider")),
                location(Ipv4.class),
                location(FrameDecoder.class),
                location(TunnelProbeMain.class))));
        Path jar = dir.resolve("fat.jar");
        Set<String> seen = new HashSet<>();
        StringBuilder services = new StringBuilder();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path part : parts) {
                if (Files.isDirectory(part)) {
                    try (Stream<Path> files = Files.walk(part)) {
                        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            String name = part.relativize(f).toString().replace('\\', '/');
                            try (InputStream in = Files.newInputStream(f)) {
                                add(out, name, in, seen, services);
                            }
                        }
                    }
                } else {
                    try (JarFile j = new JarFile(part.toFile())) {
                        for (JarEntry e : (Iterable<JarEntry>) j.stream()::iterator) {
                            if (!e.isDirectory()) {
                                try (InputStream in = j.getInputStream(e)) {
                                    add(out, e.getName(), in, seen, services);
                                }
                            }
                        }
                    }
                }
            }
            out.putNextEntry(new JarEntry(SERVICES));
            out.write(services.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, InputStream in, Set<String> seen, StringBuilder services)
            throws IOException {
        if (name.equals(SERVICES)) {
            services.append(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()).append('\n');
            return;
        }
        if (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA")
                || name.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class"))
                || name.equals("module-info.class") || !seen.add(name)) {
            return;
        }
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
