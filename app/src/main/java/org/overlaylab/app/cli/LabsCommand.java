/* `overlay-lab labs`: the built-in labs with their ids, titles and number of steps (from the lab catalogue, see LabCatalog). */
package org.overlaylab.app.cli;

import java.util.concurrent.Callable;
import org.overlaylab.labfile.LabCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "labs", description = "List the built-in labs.")
final class LabsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var labs = LabCatalog.builtIns();
        int width = Math.max(22, labs.stream().mapToInt(l -> l.id().length()).max().orElse(0) + 1);
        out.printf("%-" + width + "s %-6s %s%n", "ID", "STEPS", "TITLE");
        for (LabCatalog.Heading lab : labs) {
            out.printf("%-" + width + "s %-6d %s%n", lab.id(), lab.steps(), lab.title());
        }
        return 0;
    }
}
