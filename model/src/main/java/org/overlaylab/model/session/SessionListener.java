/*
 * What a running lab session tells its observers (console, CLI transcript, view models), in order.
 * Called on the thread that runs the step; UIs hand the calls over to their own thread.
 */
package org.overlaylab.model.session;

import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Step;

public interface SessionListener {

    default void stepStarted(int number, Step step) {}

    default void commandStarted(int stepNumber, CommandSpec command) {}

    default void commandFinished(int stepNumber, CommandSpec command, CommandResult result) {}

    default void stepFinished(StepResult result) {}

    /** The session went back: steps from `firstUndone` on are no longer done. */
    default void undone(int firstUndone) {}

    default void reset() {}
}
