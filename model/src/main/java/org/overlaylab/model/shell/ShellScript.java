/*
 * The syntax tree of a shell command line, as far as tutorial commands need: jobs separated by
 * ';', '&' or newlines, '&&'/'||' lists, pipelines, simple commands with NAME=value prefixes,
 * redirections and here-documents. Words keep their quoting so expansion can happen later,
 * against the environment of the host that runs them. Command substitutions ($(...), `...`) and
 * process substitutions (<(...), >(...)) keep the script they run, so a check sees every program.
 */
package org.overlaylab.model.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

public record ShellScript(List<Job> jobs) {

    public ShellScript {
        jobs = List.copyOf(jobs);
    }

    /** One list run in the foreground or, with a trailing '&', in the background. */
    public record Job(List<Pipeline> pipelines, List<String> operators, boolean background) {
        public Job {
            pipelines = List.copyOf(pipelines);
            operators = List.copyOf(operators);
        }
    }

    /** Commands joined by '|'. */
    public record Pipeline(List<SimpleCommand> commands) {
        public Pipeline {
            commands = List.copyOf(commands);
        }
    }

    public record SimpleCommand(List<Assignment> assignments, List<Word> words, List<Redirect> redirects, int offset) {
        public SimpleCommand {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    public record Assignment(String name, Word value) {}

    /** fd 0 for '<' and '<<', 1 for '>' and '>>' unless a number was written; '>&' duplicates onto dupFd. */
    public record Redirect(int fd, String operator, Word target, int dupFd, String heredoc, boolean heredocExpands) {}

    /** A word as written, in parts that remember whether they were quoted. */
    public record Word(List<Part> parts, String source, int offset) {
        public Word {
            parts = List.copyOf(parts);
        }

        /** The word with no expansion at all, quotes removed: used where the text is a literal. */
        public String literal() {
            StringBuilder sb = new StringBuilder();
            for (Part p : parts) {
                if (p instanceof Literal l) {
                    sb.append(l.text());
                } else if (p instanceof Parameter v) {
                    sb.append(v.quoted() ? "\"${" + v.name() + "}\"" : "${" + v.name() + "}");
                } else if (p instanceof Substitution s) {
                    sb.append(s.source());
                }
            }
            return sb.toString();
        }

        public boolean hasExpansion() {
            return parts.stream().anyMatch(p -> p instanceof Parameter || p instanceof Substitution);
        }

        /** The command and process substitutions written in this word, outermost first. */
        public List<Substitution> substitutions() {
            return parts.stream().filter(p -> p instanceof Substitution).map(p -> (Substitution) p).toList();
        }

        /**
         * Expands parameters and splits unquoted expansions on blanks, as sh does (no globbing).
         * A word that was only an unquoted empty expansion vanishes.
         */
        public List<String> expand(Function<String, String> environment) {
            List<String> fields = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            boolean hasContent = false;
            for (Part p : parts) {
                if (p instanceof Literal l) {
                    current.append(l.text());
                    hasContent |= l.quoted() || !l.text().isEmpty();
                } else if (p instanceof Substitution s) {
                    current.append(s.source());
                    hasContent = true;
                } else if (p instanceof Parameter v) {
                    String value = environment.apply(v.name());
                    if (value == null) {
                        value = "";
                    }
                    if (v.quoted()) {
                        current.append(value);
                        hasContent = true;
                    } else {
                        String[] pieces = value.split("[ \\t\\n]+", -1);
                        for (int i = 0; i < pieces.length; i++) {
                            if (i > 0) {
                                if (hasContent || current.length() > 0) {
                                    fields.add(current.toString());
                                }
                                current.setLength(0);
                                hasContent = false;
                            }
                            current.append(pieces[i]);
                            hasContent |= !pieces[i].isEmpty();
                        }
                    }
                }
            }
            if (hasContent || current.length() > 0) {
                fields.add(current.toString());
            }
            return fields;
        }

        /** Expansion that must give exactly one word (redirection targets, assignments). */
        public String expandToOne(Function<String, String> environment) {
            StringBuilder sb = new StringBuilder();
            for (Part p : parts) {
                if (p instanceof Literal l) {
                    sb.append(l.text());
                } else if (p instanceof Parameter v) {
                    String value = environment.apply(v.name());
                    sb.append(value == null ? "" : value);
                } else if (p instanceof Substitution s) {
                    sb.append(s.source());
                }
            }
            return sb.toString();
        }
    }

    public sealed interface Part permits Literal, Parameter, Substitution {}

    public record Literal(String text, boolean quoted) implements Part {}

    public record Parameter(String name, boolean quoted) implements Part {}

    /**
     * A script the shell runs while expanding a word: `$(` or '`' (its output replaces it), `<(`
     * or `>(` (a file name for a pipe to or from it). `source` is the text as written;
     * `bodyOffset` is where the inner script's text starts in the whole line.
     */
    public record Substitution(String kind, String source, ShellScript script, int bodyOffset, boolean quoted)
            implements Part {}

    /** Every simple command in the script, in order, for checks such as "which programs does it call". */
    public List<SimpleCommand> simpleCommands() {
        List<SimpleCommand> all = new ArrayList<>();
        for (Job job : jobs) {
            for (Pipeline p : job.pipelines()) {
                all.addAll(p.commands());
            }
        }
        return all;
    }
}
