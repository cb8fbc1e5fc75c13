/* Finds the program each simple command of a script runs, looking through sudo, nohup and env. */
package org.overlaylab.model.shell;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;
import org.overlaylab.model.shell.ShellScript.Word;

public final class Programs {
    private Programs() {}

    /** A program a command line calls and where in the line its name starts. */
    public record Call(String program, int offset) {}

    public static List<Call> calls(ShellScript script) {
        List<Call> calls = new ArrayList<>();
        for (SimpleCommand c : script.simpleCommands()) {
            int i = indexOfProgram(c.words());
            if (i >= 0) {
                Word w = c.words().get(i);
                calls.add(new Call(KnownPrograms.baseName(w.literal()), w.offset()));
            }
        }
        return calls;
    }

    /** Index of the word that names the program after wrappers and their options; -1 if none. */
    public static int indexOfProgram(List<Word> words) {
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i).literal();
            switch (w) {
                case "sudo" -> {
                    i++;
                    while (i < words.size() && (words.get(i).literal().startsWith("-")
                            || isAssignment(words.get(i).literal()))) {
                        String opt = words.get(i).literal();
                        i++;
                        if ((opt.equals("-u") || opt.equals("-g")) && i < words.size()) {
                            i++;
                        }
                    }
                }
                case "nohup", "time", "exec" -> i++;
                case "env" -> {
                    i++;
                    while (i < words.size() && (words.get(i).literal().contains("=")
                            || words.get(i).literal().startsWith("-"))) {
                        i++;
                    }
                }
                default -> {
                    return i;
                }
            }
        }
        return -1;
    }


    /** NAME=value, which sudo and env take as an environment setting rather than a program. */
    public static boolean isAssignment(String word) {
        int eq = word.indexOf('=');
        return eq > 0 && word.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*");
    }
}
