/*
 * A program the lab files and the terminal accept (it is in KnownPrograms) but the simulator does
 * not model: it says so plainly on stderr instead of printing something made up.
 */
package org.overlaylab.simulator.shell;

import org.overlaylab.model.lab.KnownPrograms;

public record NotSimulated(String name) implements Program {
    @Override
    public int run(Invocation inv) {
        return inv.fail(1, KnownPrograms.notSimulated(name));
    }
}
