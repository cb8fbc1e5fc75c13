/*
 * A student's progress per lab, kept so a session can be resumed: the actions in effect (steps
 * run, commands typed), every command typed, hints and solutions shown, tasks solved, time spent,
 * and the seeds. One JSON file per lab: <config>/overlaylab/progress/<lab-id>.json, where <config>
 * is $XDG_CONFIG_HOME or ~/.config; the system property overlaylab.progress.dir overrides the folder.
 */
package org.overlaylab.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.overlaylab.model.session.Action;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.SessionHistory;
import org.overlaylab.model.session.TypedCommand;

public final class ProgressStore {
    public static final String DIR_PROPERTY = "overlaylab.progress.dir";

    private final Path dir;

    public ProgressStore(Path dir) {
        this.dir = dir;
    }

    /** The store in the user's config folder, or where {@value #DIR_PROPERTY} says. */
    public static ProgressStore standard() {
        String override = System.getProperty(DIR_PROPERTY);
        if (override != null && !override.isBlank()) {
            return new ProgressStore(Path.of(override));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new ProgressStore(config.resolve("overlaylab").resolve("progress"));
    }

    public Path file(String labId) {
        return dir.resolve(labId + ".json");
    }

    /** Saved progress on a lab: who, with which seeds, and the session's history. */
    public record Saved(String labId, String student, long seed, long variationSeed, SessionHistory history) {}

    /** Saves the session's progress, replacing the earlier save in one move. */
    public void save(LabSession session, String student, long seed, long variationSeed) throws IOException {
        SessionHistory h = session.history();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("lab", session.lab().id());
        o.put("student", student == null ? "" : student);
        o.put("seed", seed);
        o.put("variationSeed", variationSeed);
        o.put("timeSpentSeconds", h.timeSpent().toSeconds());
        ArrayNode actions = o.putArray("actions");
        for (Action a : h.actions()) {
            ObjectNode ao = actions.addObject();
            if (a instanceof Action.StepRun s) {
                ao.put("step", s.number());
                ao.put("at", s.at().toString());
            } else if (a instanceof Action.Typed t) {
                typed(ao, t);
            }
        }
        ArrayNode log = o.putArray("typed");
        h.typedLog().forEach(t -> typed(log.addObject(), t));
        ObjectNode hints = o.putObject("hints");
        h.hintsShown().forEach((step, n) -> hints.put(String.valueOf(step), n));
        ArrayNode solutions = o.putArray("solutions");
        h.solutionsShown().stream().sorted().forEach(solutions::add);
        ArrayNode solved = o.putArray("solved");
        h.solved().stream().sorted().forEach(solved::add);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, session.lab().id(), ".tmp");
        Files.writeString(tmp, SessionReport.MAPPER.writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file(session.lab().id()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void typed(ObjectNode o, Action.Typed t) {
        o.put("host", t.command().host());
        if (t.command().container() != null) {
            o.put("container", t.command().container());
        }
        o.put("command", t.command().line());
        o.put("exit", t.exitCode());
        o.put("at", t.at().toString());
    }

    /** The saved progress on a lab, if any; IOException naming the file when it cannot be read. */
    public Optional<Saved> load(String labId) throws IOException {
        Path f = file(labId);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            JsonNode o = SessionReport.MAPPER.readTree(f.toFile());
            List<Action> actions = new ArrayList<>();
            for (JsonNode a : o.path("actions")) {
                if (a.has("step")) {
                    actions.add(new Action.StepRun(a.get("step").asInt(), instant(a)));
                } else {
                    actions.add(typed(a));
                }
            }
            List<Action.Typed> log = new ArrayList<>();
            for (JsonNode a : o.path("typed")) {
                log.add(typed(a));
            }
            Map<Integer, Integer> hints = new HashMap<>();
            o.path("hints").fields().forEachRemaining(e -> hints.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
            Set<Integer> solutions = new HashSet<>();
            o.path("solutions").forEach(n -> solutions.add(n.asInt()));
            Set<Integer> solved = new HashSet<>();
            o.path("solved").forEach(n -> solved.add(n.asInt()));
            SessionHistory h = new SessionHistory(actions, log, hints, solutions, solved,
                    Duration.ofSeconds(o.path("timeSpentSeconds").asLong()));
            return Optional.of(new Saved(o.path("lab").asText(), o.path("student").asText(), o.path("seed").asLong(),
                    o.path("variationSeed").asLong(), h));
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException | DateTimeParseException e) {
            throw new IOException("the saved progress " + f + " cannot be read: " + e.getMessage());
        }
    }

    private static Action.Typed typed(JsonNode a) {
        String host = a.path("host").asText();
        String line = a.path("command").asText();
        if (host.isEmpty() || !a.has("command")) {
            throw new IllegalArgumentException("a typed command needs host and command");
        }
        return new Action.Typed(new TypedCommand(host, a.has("container") ? a.get("container").asText() : null, line,
                instant(a)), a.path("exit").asInt());
    }

    private static Instant instant(JsonNode a) {
        return a.has("at") ? Instant.parse(a.get("at").asText()) : Instant.EPOCH;
    }
}
