/*
 * The lab a command line names (a built-in id or a file) and the step its --until names, as `run`
 * and `shell` read them: each mistake is one line on stderr, and the caller exits 2.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import org.overlaylab.labfile.LabFileException;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.lab.Lab;

final class LabArgument {
    private LabArgument() {}

    /** The lab, or null once the reason it cannot be read is printed. */
    static Lab load(String argument, PrintWriter err) {
        try {
            return LabLoader.resolve(argument);
        } catch (LabFileException e) {
            err.println(e.getMessage());
        } catch (IOException e) {
            err.println("overlay-lab: " + e.getMessage());
        }
        return null;
    }

    /** The number of the step `until` names (the last step when null), or -1 once the mistake is printed. */
    static int stepThrough(Lab lab, String until, PrintWriter err) {
        if (until == null) {
            return lab.steps().size();
        }
        Optional<Integer> n = lab.stepNumber(until);
        if (n.isEmpty()) {
            err.println("overlay-lab: lab " + lab.id() + " has no step '" + until + "' (steps 1-" + lab.steps().size()
                    + " or their ids)");
            return -1;
        }
        return n.get();
    }
}
