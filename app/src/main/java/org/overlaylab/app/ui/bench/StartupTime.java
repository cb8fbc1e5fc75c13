/*
 * Benchmark: time from launching the desktop app to its first rendered frame, and to the first lab
 * being ready, measured from the JVM's own start. Starts the app several times in fresh JVMs with
 * throw-away preferences, on the current DISPLAY, and prints each run and the median.
 *   DISPLAY=:42 java -cp app/target/overlay-lab.jar org.overlaylab.app.ui.bench.StartupTime [runs [LAUNCHER...]]
 * With a LAUNCHER (e.g. bin/overlay-lab) the app is started by it, and the options the benchmark
 * needs reach its JVM through JDK_JAVA_OPTIONS; without one, java runs the Launcher class.
 * Each run has a home of its own (no saved settings, the first-run tour), but all share the folder
 * the jar's JavaFX libraries are unpacked into, as a user's second and later starts do: the first
 * run unpacks them, and its figure says so.
 */
package org.overlaylab.app.ui.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.overlaylab.app.JavaFxNatives;
import org.overlaylab.app.ui.DesktopApp;

public final class StartupTime {
    private StartupTime() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Long> frames = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        List<String> launcher = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Path natives = Files.createTempDirectory("overlaylab-startup-natives");
        for (int i = 0; i < runs; i++) {
            Path home = Files.createTempDirectory("overlaylab-startup");
            Files.createDirectories(home.resolve(".overlay-lab"));
            Files.createSymbolicLink(home.resolve(".overlay-lab").resolve(JavaFxNatives.FOLDER), natives);
            List<String> options = new ArrayList<>(List.of("-D" + DesktopApp.STARTUP_TIMING + "=true", "-Duser.home=" + home));
            String order = System.getProperty("prism.order");
            if (order != null) {
                options.add("-Dprism.order=" + order);
            }
            ProcessBuilder pb;
            if (launcher.isEmpty()) {
                List<String> cmd = new ArrayList<>(List.of(java));
                cmd.addAll(options);
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.overlaylab.app.Launcher"));
                pb = new ProcessBuilder(cmd);
            } else {
                pb = new ProcessBuilder(launcher);
                pb.environment().put("JDK_JAVA_OPTIONS", String.join(" ", options));
            }
            Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long frame = -1;
            long labReady = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String line;
                while ((frame < 0 || labReady < 0) && (line = out.readLine()) != null) {
                    if (line.startsWith("first frame after ")) {
                        frame = Long.parseLong(line.replaceAll("\\D", ""));
                    } else if (line.startsWith("lab ready after ")) {
                        labReady = Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                deleteTree(home);
            }
            System.out.printf("run %d: first frame after %d ms, first lab ready after %d ms%s%n", i + 1, frame, labReady,
                    i == 0 ? " (JavaFX's libraries unpacked)" : "");
            frames.add(frame);
            ready.add(labReady);
        }
        deleteTree(natives);
        Collections.sort(frames);
        Collections.sort(ready);
        System.out.printf("median: first frame %d ms, lab ready %d ms%n", frames.get(runs / 2), ready.get(runs / 2));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
