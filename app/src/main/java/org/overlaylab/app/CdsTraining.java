/*
 * The training run the package step makes for overlay-lab-cli.jsa, the class-data archive
 * bin/overlay-lab starts commands with: it runs the commands people start most (usage, labs, run
 * of the tutorial's four labs on the simulator with --pcap, decode of every pcap written) while
 * the JVM lists each class and lambda loaded (-XX:DumpLoadedClassList); -Xshare:dump then stores
 * them parsed and verified, so a start maps them instead of reading them from the jar. Output of
 * the commands is discarded, or (decode) goes to the build's log.
 *   java -XX:DumpLoadedClassList=LIST -cp overlay-lab.jar org.overlaylab.app.CdsTraining DIR
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

    public static void main(String[] args) throws IOException, ClassNotFoundException {
        if (args.length != 1) {
            System.err.println("usage: CdsTraining SCRATCH-DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        // the entry point every start goes through, which the training itself does not
        Class.forName("org.overlaylab.app.Launcher", false, CdsTraining.class.getClassLoader());
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
}
