/*
 * A host's file system, as far as the tutorial touches it: files with text and a mode, and
 * directories. Program files hold a marker naming the simulated program they run, so `./etcd`
 * works only after the tarball that contains it was unpacked.
 */
package org.overlaylab.simulator.world;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

public final class VirtualFs {
    /** First line of a file that runs a simulated program: "#!sim etcdctl". */
    public static final String PROGRAM_MARKER = "#!sim ";

    public record File(String content, int mode) {
        public boolean executable() {
            return (mode & 0111) != 0;
        }
    }

    private final TreeMap<String, File> files = new TreeMap<>();
    private final TreeSet<String> dirs = new TreeSet<>();

    public VirtualFs() {
        dirs.add("/");
    }

    public static String normalize(String cwd, String path) {
        String full = path.startsWith("/") ? path : (cwd.endsWith("/") ? cwd : cwd + "/") + path;
        List<String> parts = new ArrayList<>();
        for (String p : full.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    public void mkdirs(String dir) {
        String d = normalize("/", dir);
        while (!d.equals("/")) {
            dirs.add(d);
            d = parent(d);
        }
    }

    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public boolean isDirectory(String path) {
        return dirs.contains(path);
    }

    public boolean isFile(String path) {
        return files.containsKey(path);
    }

    public boolean exists(String path) {
        return isFile(path) || isDirectory(path);
    }

    public File file(String path) {
        return files.get(path);
    }

    public String read(String path) {
        File f = files.get(path);
        return f == null ? null : f.content();
    }

    /** Writes a file, making its directory; keeps the mode of an existing file. */
    public void write(String path, String content) {
        File old = files.get(path);
        write(path, content, old == null ? 0644 : old.mode());
    }

    public void write(String path, String content, int mode) {
        mkdirs(parent(path));
        files.put(path, new File(content, mode));
    }

    public void append(String path, String content) {
        String old = read(path);
        write(path, old == null ? content : old + content);
    }

    public void chmod(String path, int mode) {
        File f = files.get(path);
        if (f != null) {
            files.put(path, new File(f.content(), mode));
        }
    }

    public boolean delete(String path) {
        return files.remove(path) != null;
    }

    /** Names directly inside a directory, sorted. */
    public List<String> list(String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String f : files.tailMap(prefix).keySet()) {
            if (!f.startsWith(prefix)) {
                break;
            }
            String rest = f.substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash));
        }
        for (String d : dirs.tailSet(prefix)) {
            if (!d.startsWith(prefix)) {
                break;
            }
            String rest = d.substring(prefix.length());
            if (!rest.isEmpty()) {
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return new ArrayList<>(names);
    }

    /** The simulated program a file runs, or null if it is not a program. */
    public String programOf(String path) {
        String c = read(path);
        if (c == null || !c.startsWith(PROGRAM_MARKER)) {
            return null;
        }
        int nl = c.indexOf('\n');
        return c.substring(PROGRAM_MARKER.length(), nl < 0 ? c.length() : nl).trim();
    }
}
