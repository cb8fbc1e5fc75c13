/* `overlay-lab labs`: the built-in labs with their ids, titles and number of steps (from the lab catalogue, see LabCatalog). */
package org.overlaylab.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.overlaylab.labfile.LabCatalog;
import org.overlaylab.labfile.LabFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "labs", description = "List the built-in labs.")
final class LabsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return print(spec.commandLine().getOut());
    }

    static int print(PrintWriter out) throws LabFileException {
        List<LabCatalog.Heading> labs = LabCatalog.builtIns();
        int width = 22;
        for (LabCatalog.Heading lab : labs) {
            width = Math.max(width, lab.id().length() + 1);
        }
        out.print(row(width, "ID", "STEPS", "TITLE"));
        for (LabCatalog.Heading lab : labs) {
            out.print(row(width, lab.id(), Integer.toString(lab.steps()), lab.title()));
        }
        return 0;
    }

    /**
     * One line as printf("%-WIDTHs %-6s %s%n") writes it, padded by hand: the Formatter would look up
     * the locale's digits and symbols, which costs more at start-up than the whole list.
     */
    private static String row(int width, String id, String steps, String title) {
        StringBuilder line = new StringBuilder(96).append(id);
        pad(line, width - id.length()).append(' ').append(steps);
        return pad(line, 6 - steps.length()).append(' ').append(title).append(System.lineSeparator()).toString();
    }

    private static StringBuilder pad(StringBuilder line, int spaces) {
        for (int i = 0; i < spaces; i++) {
            line.append(' ');
        }
        return line;
    }
}
