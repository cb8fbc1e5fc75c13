/*
 * Finds and loads labs: the built-in ones shipped in the assets jar (listed in labs/index), or
 * any lab file on disk. `resolve` takes what a user types: a built-in id or a path.
 */
package org.overlaylab.labfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.lab.Lab;

public final class LabLoader {
    private static final String INDEX = "labs/index";

    private LabLoader() {}

    public static Lab load(Path path) throws LabFileException, IOException {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > LabFileLimits.MAX_BYTES) {
                // refused by its size alone: a huge file is never read
                throw LabFileLimits.tooBig(path.toString(), size);
            }
            if (Files.isDirectory(path)) {
                throw new IOException(path + " is a folder, not a lab file");
            }
            // at most one byte past the limit, whatever the file is (a device or a growing file)
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(LabFileLimits.MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new IOException("no such lab file: " + path);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot read lab file " + path + ": permission denied");
        }
        return LabParser.parse(LabFileLimits.text(bytes, path.toString()), path.toString());
    }

    /** Ids of the built-in labs, in tutorial order. */
    public static List<String> builtInIds() {
        String index = resource(INDEX);
        if (index == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String line : index.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                ids.add(t);
            }
        }
        return ids;
    }

    /** Ids of the troubleshooting labs start so: each breaks a tutorial lab built to its end. */
    public static final String TROUBLESHOOTING_PREFIX = "troubleshoot-";

    /**
     * Built-in labs that carry a tutorial lab further than the tutorial goes (Calico's IP-in-IP and
     * VXLAN modes): they follow it in the index but are not among its chapters.
     */
    public static final List<String> BEYOND_THE_TUTORIAL = List.of("calico-ipip", "calico-vxlan");

    /**
     * Ids of the built-in labs that follow the tutorial's chapters, in order: the index without the
     * troubleshooting labs and those beyond the tutorial.
     */
    public static List<String> tutorialIds() {
        return builtInIds().stream().filter(id -> !id.startsWith(TROUBLESHOOTING_PREFIX) && !BEYOND_THE_TUTORIAL.contains(id))
                .toList();
    }

    /** The text of a built-in lab file, or null if there is no such lab. */
    public static String builtInText(String id) {
        return builtInIds().contains(id) ? resource("labs/" + id + ".yaml") : null;
    }

    public static Lab builtIn(String id) throws LabFileException {
        String text = builtInText(id);
        if (text == null) {
            throw new IllegalArgumentException("no built-in lab '" + id + "'; built-in labs: " + String.join(", ", builtInIds()));
        }
        return LabParser.parse(text, "labs/" + id + ".yaml");
    }

    public static List<Lab> builtIns() throws LabFileException {
        List<Lab> labs = new ArrayList<>();
        for (String id : builtInIds()) {
            labs.add(builtIn(id));
        }
        return labs;
    }

    /** A built-in id or a path to a lab file. */
    public static Lab resolve(String idOrPath) throws LabFileException, IOException {
        if (builtInIds().contains(idOrPath)) {
            return builtIn(idOrPath);
        }
        Path p = Path.of(idOrPath);
        if (Files.exists(p)) {
            return load(p);
        }
        throw new IOException("'" + idOrPath + "' is neither a built-in lab (" + String.join(", ", builtInIds())
                + ") nor a lab file");
    }

    private static String resource(String name) {
        byte[] bytes = resourceBytes(name);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] resourceBytes(String name) {
        try (InputStream in = LabLoader.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
