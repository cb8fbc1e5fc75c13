/* Runs the real tools the tests compare against (tcpdump, tshark) and writes pcaps for them. */
package org.overlaylab.packets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

public final class Tools {
    private Tools() {}

    public static boolean available(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    /** Runs a command with the given TZ; returns stdout (stderr is discarded). */
    public static String run(String tz, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (tz != null) {
            pb.environment().put("TZ", tz);
        }
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    public static String tcpdump(Path pcap, String tz, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tcpdump", "-nn"));
        cmd.addAll(List.of(extra));
        cmd.add("-r");
        cmd.add(pcap.toString());
        return run(tz, cmd.toArray(String[]::new));
    }

    /** A classic pcap whose header names the given link type (the writer's records keep their bytes as given). */
    public static void writePcap(Path file, int linkType, List<PcapRecord> records) throws IOException {
        writePcap(file, records);
        byte[] b = Files.readAllBytes(file);
        b[20] = (byte) linkType;
        b[21] = (byte) (linkType >>> 8);
        b[22] = (byte) (linkType >>> 16);
        b[23] = (byte) (linkType >>> 24);
        Files.write(file, b);
    }

    public static void writePcap(Path file, List<PcapRecord> records) throws IOException {
        try (PcapWriter w = PcapWriter.create(file)) {
            for (PcapRecord r : records) {
                w.write(r);
            }
        }
    }
}
