/*
 * Checks of command-line options made before a lab starts, so a mistake costs nothing: --timeout
 * is positive, --pcap names a new or existing folder that is not a symlink and can be written,
 * a --hosts file parses, with file:line:column where it does not. Pcap files are then created new,
 * never following a symlink and never overwriting a file.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.overlaylab.hosts.ssh.HostsFile;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

public final class OptionChecks {
    /** A hosts file names a few machines; anything larger is not one. */
    static final int MAX_HOSTS_FILE = 256 * 1024;

    private OptionChecks() {}

    public static String timeout(int seconds) {
        return seconds <= 0 ? "--timeout must be a number of seconds above 0, not " + seconds : null;
    }

    /** Null when pcaps can be written into `dir` (made now when new); else why not. */
    public static String pcapFolder(Path dir) {
        if (Files.isSymbolicLink(dir)) {
            return "--pcap " + dir + " is a symbolic link; give a folder itself";
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return "--pcap " + dir + " is a file; give a folder (new or existing)";
            }
            if (!Files.isWritable(dir)) {
                return "--pcap " + dir + ": the folder cannot be written";
            }
            return null;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return "--pcap " + dir + ": the folder " + parent + " does not exist";
        }
        if (!Files.isWritable(parent)) {
            return "--pcap " + dir + ": cannot make the folder in " + parent + " (not writable)";
        }
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            return "--pcap " + dir + ": cannot make the folder: " + e.getMessage();
        }
        return null;
    }

    /**
     * Null when a capture file can be made at `file` (checked before a lab starts); else why not:
     * it exists (a symbolic link included, dangling or not), or its folder is missing or read-only.
     */
    public static String newCaptureFile(String option, Path file) {
        if (Files.isSymbolicLink(file)) {
            return option + " " + file + " is a symbolic link; give the name of a new file";
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return option + " " + file + " exists; capture files are only written as new files";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return option + " " + file + ": the folder " + parent + " does not exist";
        }
        if (!Files.isWritable(parent)) {
            return option + " " + file + ": the folder " + parent + " cannot be written";
        }
        return null;
    }

    /** Why a new capture file could not be made, in the words of newCaptureFile. */
    public static String whyNotCreated(Path file, IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "it exists; capture files are only written as new files";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "cannot create it (permission denied)";
        }
        return "cannot create it: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** A new file in the pcap folder: never follows a symlink, never replaces a file. */
    public static OutputStream newFile(Path file) throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Null when the ssh hosts file parses; else `file:line:column: message` (line 1 column 1 when the place is unknown). */
    public static String hostsFile(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                return file + ":1:1: a folder, not a hosts file";
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_HOSTS_FILE + 1);
                if (bytes.length > MAX_HOSTS_FILE) {
                    return file + ":1:1: more than " + MAX_HOSTS_FILE + " bytes; a hosts file names a few machines";
                }
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return "no such hosts file: " + file;
        } catch (java.nio.charset.CharacterCodingException e) {
            return file + ":1:1: not UTF-8 text; save the hosts file as UTF-8";
        } catch (IOException e) {
            return "cannot read the hosts file " + file + ": " + e.getMessage();
        }
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            return file + ":" + (m == null ? 1 : m.getLine() + 1) + ":" + (m == null ? 1 : m.getColumn() + 1)
                    + ": not valid YAML: " + (e.getProblem() == null ? e.getMessage() : e.getProblem());
        } catch (YamlEngineException e) {
            return file + ":1:1: not valid YAML: " + e.getMessage();
        }
        try {
            HostsFile.parse(text, file.toAbsolutePath().getParent(), file.toString());
        } catch (IOException e) {
            String message = e.getMessage() == null ? "not a hosts file" : e.getMessage();
            if (message.startsWith(file + ": ")) {
                message = message.substring(file.toString().length() + 2);
            }
            int[] at = place(root.orElse(null), message);
            return file + ":" + at[0] + ":" + at[1] + ": " + message;
        }
        return null;
    }

    /** The line and column of the host or key a HostsFile message names, found in the node tree. */
    private static int[] place(Node root, String message) {
        if (!(root instanceof MappingNode top)) {
            return root == null ? new int[] {1, 1} : at(root);
        }
        for (NodeTuple t : top.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            if (message.contains("`" + key + "`") && !key.equals("hosts")) {
                return at(t.getKeyNode());
            }
            if (key.equals("hosts") && t.getValueNode() instanceof MappingNode hosts) {
                for (NodeTuple h : hosts.getValue()) {
                    String name = h.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                    if (message.startsWith("host " + name + ":") || message.startsWith("host " + name + " ")) {
                        if (h.getValueNode() instanceof MappingNode fields) {
                            for (NodeTuple f : fields.getValue()) {
                                String k = f.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                                if (message.contains(k + " must") || message.contains("unknown key " + k)) {
                                    return at(message.contains("unknown key") ? f.getKeyNode() : f.getValueNode());
                                }
                            }
                        }
                        return at(h.getKeyNode());
                    }
                }
                return at(t.getKeyNode());
            }
        }
        return at(root);
    }

    private static int[] at(Node n) {
        Mark m = n.getStartMark().orElse(null);
        return m == null ? new int[] {1, 1} : new int[] {m.getLine() + 1, m.getColumn() + 1};
    }
}
