/*
 * The netns lab runs on this machine and the processes that own them. Each run is recorded in
 * /run/overlaylab-netns/<run id> (owner pid, the owner's start time, the run folder) before it makes
 * anything, so a later start can tell a run whose owner died (swept) from one still going (left
 * alone), even when both use the same folders. /run empties at boot, as the namespaces do.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class LabRuns {
    private LabRuns() {}

    static final Path REGISTRY = Path.of("/run/overlaylab-netns");
    private static final Pattern RUN_NETNS = Pattern.compile(Pattern.quote(LabLayout.PREFIX) + "([0-9a-f]{6})-.*");

    /** One recorded run: its layout and the process that owns it. */
    public record Run(LabLayout layout, long ownerPid, long ownerStart) {
        public boolean ownerAlive() {
            return startTime(ownerPid) == ownerStart;
        }
    }

    /** Records the run as this process's, before anything of it exists. */
    public static void register(LabLayout layout) throws IOException {
        long pid = ProcessHandle.current().pid();
        String record = pid + " " + startTime(pid) + "\n" + layout.root() + "\n";
        Files.createDirectories(REGISTRY);
        Files.writeString(REGISTRY.resolve(layout.runId()), record);
        Files.createDirectories(layout.root());
        Files.writeString(layout.ownerFile(), record);
    }

    public static void unregister(LabLayout layout) {
        try {
            Files.deleteIfExists(REGISTRY.resolve(layout.runId()));
        } catch (IOException ignored) {
            // a record left behind names a dead owner; the next start drops it
        }
    }

    /** Every recorded run. */
    public static List<Run> all() {
        List<Run> out = new ArrayList<>();
        if (!Files.isDirectory(REGISTRY)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(REGISTRY)) {
            for (Path p : ds) {
                String id = p.getFileName().toString();
                if (!LabLayout.RUN_ID.matcher(id).matches()) {
                    continue;
                }
                try {
                    String[] lines = Files.readString(p).split("\n");
                    String[] owner = lines[0].trim().split(" ");
                    Path root = Path.of(lines[1].trim());
                    out.add(new Run(new LabLayout(root, LabLayout.PREFIX + id + "-"), Long.parseLong(owner[0]), Long.parseLong(owner[1])));
                } catch (IOException | RuntimeException e) {
                    // a record cut short by a crash while writing it: its owner cannot be told, so it counts as dead
                    out.add(new Run(LabLayout.forRun(LabLayout.DEFAULT_PARENT, id), -1, -2));
                }
            }
        } catch (IOException ignored) {
            // no registry yet
        }
        return out;
    }

    /**
     * Sweeps every run whose owner process is dead: recorded runs, namespaces named like a run that
     * has no record, and run folders under the given parent with the marker and no record.
     * Runs whose owner lives are left alone. Returns the run ids swept.
     */
    public static List<String> sweepAbandoned(Path parent) {
        List<String> swept = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (Run r : all()) {
            if (r.ownerAlive()) {
                live.add(r.layout().runId());
            } else {
                Sweeper.sweep(r.layout());
                swept.add(r.layout().runId());
            }
        }
        for (String ns : Sweeper.ourNetns(LabLayout.PREFIX)) {
            Matcher m = RUN_NETNS.matcher(ns);
            if (m.matches() && !live.contains(m.group(1)) && !swept.contains(m.group(1)) && !recordedAlive(m.group(1))) {
                Sweeper.sweep(LabLayout.forRun(parent, m.group(1)));
                swept.add(m.group(1));
            }
        }
        if (Files.isDirectory(parent)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
                for (Path p : ds) {
                    String id = p.getFileName().toString();
                    if (LabLayout.RUN_ID.matcher(id).matches() && !live.contains(id) && !swept.contains(id)
                            && Files.exists(p.resolve(LabLayout.MARKER)) && !recordedAlive(id)) {
                        Sweeper.sweep(LabLayout.forRun(parent, id));
                        swept.add(id);
                    }
                }
            } catch (IOException ignored) {
                // nothing to sweep there
            }
        }
        return swept;
    }

    /**
     * Whether the run is recorded now with a live owner: a run that started after the records were
     * first read (two labs started at once) has its record before any namespace or folder of it.
     */
    static boolean recordedAlive(String id) {
        return all().stream().anyMatch(r -> id.equals(r.layout().runId()) && r.ownerAlive());
    }

    /** The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or -1. */
    static long startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
