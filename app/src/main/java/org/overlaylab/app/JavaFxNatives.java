/*
 * Before the desktop starts from overlay-lab.jar: unpacks the JavaFX native libraries of the OS and
 * CPU it runs on (the jar holds those of linux, linux-aarch64, win, mac and mac-aarch64 under
 * javafx-natives/PLATFORM/) into a per-user cache, and puts that directory on java.library.path.
 */
package org.overlaylab.app;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/*
 * Why not leave them at the jar's root, where JavaFX looks first: linux and linux-aarch64 (and mac
 * and mac-aarch64) name their libraries alike (libglass.so, libglass.dylib), so one jar can only hold
 * them apart in folders. JavaFX's loader, finding no library at the root, loads it by full path from
 * each directory of java.library.path, which it reads at each load.
 */
public final class JavaFxNatives {
    /** The folder in overlay-lab.jar that holds one folder of native libraries per platform. */
    public static final String FOLDER = "javafx-natives";
    /** The platforms the jar carries, named as JavaFX's Maven classifiers name them. */
    public static final List<String> PLATFORMS = List.of("linux", "linux-aarch64", "win", "mac", "mac-aarch64");

    private JavaFxNatives() {}

    /**
     * The classifier of the platform with this os.name and os.arch, or null when JavaFX ships no
     * libraries for it (32-bit Windows, Linux on other CPUs, ...).
     */
    public static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.startsWith("windows")) {
            return x64 ? "win" : null;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return x64 ? "mac" : arm64 ? "mac-aarch64" : null;
        }
        if (os.startsWith("linux")) {
            return x64 ? "linux" : arm64 ? "linux-aarch64" : null;
        }
        return null;
    }

    /**
     * When this class was loaded from a jar that carries JavaFX libraries (overlay-lab.jar), unpacks
     * this platform's and puts them on java.library.path. Run from classes on disk (tests, an IDE),
     * JavaFX's own jars are on the class path and this does nothing.
     *
     * @throws IllegalStateException with a sentence for the user when the platform has no libraries
     */
    public static void prepare() {
        URL self = JavaFxNatives.class.getResource("JavaFxNatives.class");
        if (self == null || !"jar".equals(self.getProtocol())) {
            return;
        }
        String platform = platform(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (platform == null) {
            throw new IllegalStateException("the desktop app needs JavaFX, which has no native libraries for "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch")
                    + "; the command line (overlay-lab labs, run, decode ...) works without it");
        }
        try {
            JarURLConnection connection = (JarURLConnection) self.openConnection();
            JarFile jar = connection.getJarFile();
            if (jar.getEntry(FOLDER + "/" + platform + ".list") == null && jar.getEntry(FOLDER + "/" + platform + "/") == null
                    && jar.stream().noneMatch(e -> e.getName().startsWith(FOLDER + "/"))) {
                return; // a jar without JavaFX's libraries: JavaFX's own jars are on the class path
            }
            Path dir = unpack(jar, platform, cacheRoot());
            String path = System.getProperty("java.library.path", "");
            System.setProperty("java.library.path", path.isEmpty() ? dir.toString() : dir + File.pathSeparator + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack JavaFX's native libraries: " + e.getMessage(), e);
        }
    }

    /** ~/.overlay-lab/javafx-natives, or under the temporary directory when the home is not writable. */
    private static Path cacheRoot() {
        Path home = Path.of(System.getProperty("user.home"), ".overlay-lab", FOLDER);
        try {
            Files.createDirectories(home);
            if (Files.isWritable(home)) {
                return home;
            }
        } catch (IOException e) {
            // a read-only or missing home: fall back to the temporary directory below
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "overlay-lab-" + System.getProperty("user.name"), FOLDER);
    }

    /**
     * Unpacks jar's javafx-natives/PLATFORM/ into root/PLATFORM-CHECKSUM (the checksum of the
     * libraries' CRCs, so another build's libraries go to another directory) unless it is there already,
     * and returns that directory. Unpacks into a fresh directory and renames it into place, so two
     * starts at once never see half-written libraries.
     */
    public static Path unpack(JarFile jar, String platform, Path root) throws IOException {
        String prefix = FOLDER + "/" + platform + "/";
        List<JarEntry> libraries = listed(jar, platform);
        if (libraries == null) {
            libraries = new ArrayList<>();
            for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (e.getName().startsWith(prefix) && !e.isDirectory() && e.getName().indexOf('/', prefix.length()) < 0) {
                    libraries.add(e);
                }
            }
        }
        long checksum = 17;
        if (libraries.isEmpty()) {
            throw new IOException(jar.getName() + " holds no " + prefix);
        }
        libraries.sort(Comparator.comparing(JarEntry::getName));
        for (JarEntry e : libraries) {
            checksum = checksum * 31 + e.getCrc();
        }
        Path dir = root.resolve(platform + "-" + Long.toHexString(checksum));
        if (complete(dir, libraries, prefix)) {
            return dir;
        }
        Files.createDirectories(root);
        Path fresh = Files.createTempDirectory(root, platform + "-unpacking-");
        try {
            for (JarEntry e : libraries) {
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, fresh.resolve(e.getName().substring(prefix.length())));
                }
            }
            try {
                Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another start unpacked the same libraries first, or a stale partial directory is in the way
                if (!complete(dir, libraries, prefix)) {
                    throw new IOException("cannot put JavaFX's libraries in " + dir, e);
                }
            } catch (IOException e) {
                if (!complete(dir, libraries, prefix)) {
                    throw e;
                }
            }
        } finally {
            deleteTree(fresh);
        }
        return dir;
    }

    /**
     * The libraries javafx-natives/PLATFORM.list names (the build writes it), or null for a jar
     * without that list, whose entries are then read through.
     */
    private static List<JarEntry> listed(JarFile jar, String platform) throws IOException {
        JarEntry list = jar.getJarEntry(FOLDER + "/" + platform + ".list");
        if (list == null) {
            return null;
        }
        List<JarEntry> libraries = new ArrayList<>();
        String text;
        try (InputStream in = jar.getInputStream(list)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String name : text.split("\\R")) {
            if (name.isBlank()) {
                continue;
            }
            JarEntry e = jar.getJarEntry(FOLDER + "/" + platform + "/" + name.strip());
            if (e == null) {
                throw new IOException(jar.getName() + " lists " + name.strip() + " for " + platform + " but does not hold it");
            }
            libraries.add(e);
        }
        return libraries;
    }

    private static boolean complete(Path dir, List<JarEntry> libraries, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (JarEntry e : libraries) {
            Path file = dir.resolve(e.getName().substring(prefix.length()));
            if (!Files.isRegularFile(file) || Files.size(file) != e.getSize()) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
