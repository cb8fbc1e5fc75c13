/*
 * The training runs the package step makes for the class-data archives bin/overlay-lab starts with:
 * the JVM lists the classes a run loads (-XX:DumpLoadedClassList), and -Xshare:dump then stores
 * them parsed and verified, so a start maps them instead of reading them from the jar.
 *   cli DIR        runs the commands people start most (usage, labs, run of the tutorial's labs on
 *                  the simulator with --pcap DIR, decode of those pcaps); their output is discarded
 *                  or goes to the build's log
 *   desktop LIST   loads, without initialising, the classes named in LIST (one a line): the ones a
 *                  desktop start loads, listed by scripts/desktop-classlist.sh; a desktop cannot be
 *                  opened at build time, and a class that no longer exists is skipped
 */
package org.overlaylab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.overlaylab.app.cli.OverlayLabCommand;

public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !List.of("cli", "desktop").contains(args[0])) {
            System.err.println("usage: CdsTraining cli DIR | desktop CLASS-LIST");
            System.exit(2);
        }
        try {
            // the entry point every start goes through, which the training itself does not
            Class.forName("org.overlaylab.app.Launcher", false, CdsTraining.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        if (args[0].equals("cli")) {
            cli(Path.of(args[1]));
        } else {
            desktop(Path.of(args[1]));
        }
    }

    private static void cli(Path dir) throws IOException {
        Files.createDirectories(dir);
        command("--help");
        command("labs");
        for (String lab : List.of("docker-overlay-etcd", "ovs-gre", "flannel-vxlan", "calico-bgp")) {
            Path pcaps = Files.createTempDirectory(dir, lab);
            command("run", lab, "--pcap", pcaps.toString());
            try (Stream<Path> files = Files.list(pcaps)) {
                for (Path pcap : files.sorted().toList()) {
                    command("decode", pcap.toString());
                }
            }
        }
    }

    private static void command(String... args) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        int status = OverlayLabCommand.execute(discard, discard, args);
        if (status != 0) {
            throw new IllegalStateException("training run `overlay-lab " + String.join(" ", args) + "` ended with " + status);
        }
    }

    private static void desktop(Path classList) throws IOException {
        ClassLoader loader = CdsTraining.class.getClassLoader();
        int loaded = 0;
        int missing = 0;
        for (String line : Files.readAllLines(classList)) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                missing++;
            }
        }
        System.out.println("desktop classes loaded: " + loaded + ", not found: " + missing);
    }
}
