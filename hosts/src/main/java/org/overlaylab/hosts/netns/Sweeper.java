/*
 * Removes everything one netns lab run made, also what a crashed run left behind: every process
 * living in one of its namespaces (the hosts' PID-namespace holders, dockerd, containerd, shims,
 * containers, etcd, OVS, BIRD) and their children, the persisted mount/UTS/PID namespaces (which
 * takes every mount made inside them along), the network namespaces named with the run's prefix,
 * the run folder (only if it carries the marker file) and the run's record.
 * Zombies count as stopped; nothing is waited for longer than a second or two.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.overlaylab.hosts.exec.Exec;

public final class Sweeper {
    private Sweeper() {}

    /** What is left of labs of this layout right now: namespaces, processes, mounts, the directory. */
    public record Leftovers(List<String> netns, List<Long> processes, List<String> mounts, boolean directory) {
        public boolean none() {
            return netns.isEmpty() && processes.isEmpty() && mounts.isEmpty() && !directory;
        }
    }

    public static Leftovers leftovers(LabLayout layout) {
        List<String> mounts = ourMounts(layout);
        return new Leftovers(ourNetns(layout.prefix()), List.copyOf(ourProcesses(layout)), mounts, Files.exists(layout.root()));
    }

    /** Every live process of the lab: for measuring what a running lab costs. */
    public static java.util.Set<Long> labProcesses(LabLayout layout) {
        return ourProcesses(layout);
    }

    public static void sweep(LabLayout layout) {
        Set<Long> pids = ourProcesses(layout);
        if (!pids.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("kill", "-KILL"));
            pids.forEach(p -> argv.add(String.valueOf(p)));
            try {
                Exec.run(argv, null, null, Duration.ofSeconds(5));
            } catch (IOException ignored) {
                // the processes may be gone already
            }
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until && pids.stream().anyMatch(Sweeper::runningNotZombie)) {
                sleep(50);
            }
        }
        List<String> mounts = ourMounts(layout);
        // deepest first: the namespace files, then the private bind of their directory
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String m : mounts) {
            run("umount", "-l", m);
        }
        for (String ns : ourNetns(layout.prefix())) {
            run("ip", "netns", "delete", ns);
        }
        Path root = layout.root();
        if (Files.exists(root.resolve(LabLayout.MARKER)) || Files.exists(layout.ownerFile()) || isEmptyDir(root)) {
            run("rm", "-rf", "--one-file-system", root.toString());
        }
        if (layout.runId() != null) {
            LabRuns.unregister(layout);
        }
    }

    private static boolean isEmptyDir(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... argv) {
        try {
            Exec.run(Duration.ofSeconds(10), argv);
        } catch (IOException ignored) {
            // reported by leftovers() if it mattered
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The network namespaces named with the backend's prefix. */
    public static List<String> ourNetns() {
        return ourNetns(LabLayout.PREFIX);
    }

    public static List<String> ourNetns(String prefix) {
        List<String> out = new ArrayList<>();
        Path dir = Path.of("/run/netns");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
            ds.forEach(p -> out.add(p.getFileName().toString()));
        } catch (IOException ignored) {
            // no namespaces
        }
        out.sort(null);
        return out;
    }

    static List<String> ourMounts(LabLayout layout) {
        List<String> out = new ArrayList<>();
        String root = layout.root().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && (f[4].equals(root) || f[4].startsWith(root + "/"))) {
                    out.add(f[4]);
                }
            }
        } catch (IOException ignored) {
            // no mountinfo: nothing to unmount
        }
        return out;
    }

    /** Namespace inode of a namespace file or /proc/PID/ns/X link, or -1. */
    static long nsInode(Path p) {
        try {
            Object ino = Files.getAttribute(p, "unix:ino");
            return ((Number) ino).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return -1;
        }
    }

    /** Processes in one of our network or mount namespaces, and all their descendants. */
    static Set<Long> ourProcesses(LabLayout layout) {
        Set<Long> netInodes = new HashSet<>();
        for (String ns : ourNetns(layout.prefix())) {
            long i = nsInode(LabLayout.netnsPath(ns));
            if (i > 0) {
                netInodes.add(i);
            }
        }
        Set<Long> mntInodes = new HashSet<>();
        if (Files.isDirectory(layout.nsDir())) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.nsDir())) {
                for (Path p : ds) {
                    long i = nsInode(p);
                    if (i > 0) {
                        mntInodes.add(i);
                    }
                }
            } catch (IOException ignored) {
                // none
            }
        }
        long self = ProcessHandle.current().pid();
        Map<Long, List<Long>> children = new HashMap<>();
        Set<Long> found = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == self) {
                    continue;
                }
                long ppid = parentOf(pid);
                children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid);
                long net = nsInode(p.resolve("ns/net"));
                long mnt = nsInode(p.resolve("ns/mnt"));
                if ((net > 0 && netInodes.contains(net)) || (mnt > 0 && mntInodes.contains(mnt))) {
                    found.add(pid);
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        List<Long> queue = new ArrayList<>(found);
        while (!queue.isEmpty()) {
            long pid = queue.remove(queue.size() - 1);
            for (long c : children.getOrDefault(pid, List.of())) {
                if (c != self && found.add(c)) {
                    queue.add(c);
                }
            }
        }
        found.removeIf(pid -> !runningNotZombie(pid));
        return found;
    }

    static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String rest = stat.substring(stat.lastIndexOf(')') + 2);
            return Long.parseLong(rest.split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether the process is the first of a PID namespace (pid 1 as it sees itself), or the machine's init. */
    static boolean isNamespaceInit(long pid) {
        if (pid == 1) {
            return true;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] f = line.trim().split("\\s+");
                    return f.length > 2 && f[f.length - 1].equals("1");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static boolean runningNotZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
