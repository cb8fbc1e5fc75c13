/*
 * The built-in labs' headings (id, title, number of steps) without parsing every lab file: the
 * build writes labs/catalog (see main) with each lab's heading and the CRC-32 of its text, and a
 * heading is taken from it only while the lab's text still has that checksum; any other lab is
 * parsed. `overlay-lab labs` and the desktop's lab picker list labs this way, so they start
 * without reading 300 KB of YAML.
 */
package org.overlaylab.labfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.overlaylab.model.lab.Lab;

public final class LabCatalog {
    /** The class-path resource the build writes: one line per lab, `id TAB crc32 TAB steps TAB title`. */
    public static final String RESOURCE = "labs/catalog";

    /** What a list of labs shows of one lab. */
    public record Heading(String id, String title, int steps) {
        static Heading of(Lab lab) {
            return new Heading(lab.id(), lab.title(), lab.steps().size());
        }
    }

    private LabCatalog() {}

    /** The built-in labs' headings in tutorial order; a lab the catalogue does not describe as it now is gets parsed. */
    public static List<Heading> builtIns() throws LabFileException {
        byte[] catalog = LabLoader.resourceBytes(RESOURCE);
        return builtIns(catalog == null ? "" : new String(catalog, StandardCharsets.UTF_8));
    }

    static List<Heading> builtIns(String catalogText) throws LabFileException {
        Map<String, String[]> catalog = new HashMap<>();
        for (String line : catalogText.split("\n")) {
            String[] fields = line.split("\t", 4);
            if (fields.length == 4 && !line.startsWith("#")) {
                catalog.put(fields[0], fields);
            }
        }
        List<Heading> headings = new ArrayList<>();
        for (String id : LabLoader.builtInIds()) {
            // concat rather than +: the first + in a JVM bootstraps invokedynamic, dearer than this whole list
            byte[] text = LabLoader.resourceBytes("labs/".concat(id).concat(".yaml"));
            String[] entry = catalog.get(id);
            int steps = entry == null ? -1 : steps(entry[2]);
            if (text != null && steps >= 0 && entry[1].equals(crc(text))) {
                headings.add(new Heading(id, entry[3], steps));
            } else {
                headings.add(Heading.of(LabLoader.builtIn(id)));
            }
        }
        return headings;
    }

    /** Writes the catalogue of the built-in labs on the class path to the file named by args[0]. */
    public static void main(String[] args) throws IOException, LabFileException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, catalogText(), StandardCharsets.UTF_8);
    }

    /** The catalogue of the built-in labs as they are now. */
    static String catalogText() throws LabFileException {
        StringBuilder out = new StringBuilder("# id\tcrc32 of labs/<id>.yaml\tsteps\ttitle (written by the build)\n");
        for (String id : LabLoader.builtInIds()) {
            Heading h = Heading.of(LabLoader.builtIn(id));
            if (h.title().indexOf('\n') >= 0 || h.title().indexOf('\r') >= 0) {
                continue; // a title on several lines does not fit a line: that lab is parsed when listed
            }
            out.append(id).append('\t').append(crc(LabLoader.resourceBytes("labs/" + id + ".yaml"))).append('\t')
                    .append(h.steps()).append('\t').append(h.title()).append('\n');
        }
        return out.toString();
    }

    private static int steps(String field) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }
}
