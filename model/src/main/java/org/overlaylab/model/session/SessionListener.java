/*
 * What a running lab session tells its observers (console, CLI transcript, view models), in order.
 * Called on the thread that runs the step; UIs hand the calls over to their own thread.
 */
package org.overlaylab.model.session;

import java.util.List;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.topology.Topology;

public interface SessionListener {

    default void stepStarted(int number, Step step) {}

    default void commandStarted(int stepNumber, CommandSpec command) {}

    default void commandFinished(int stepNumber, CommandSpec command, CommandResult result) {}

    default void stepFinished(StepResult result) {}

    /** A command typed at a prompt is about to run. */
    default void typedStarted(TypedCommand command) {}

    /** A typed command ended; the topology was observed again before this call (see {@link #topologyChanged}). */
    default void typedFinished(TypedCommand command, CommandResult result) {}

    /** The hosts were observed again: after every step, typed command, undo and reset. */
    default void topologyChanged(Topology topology) {}

    /** The tasks' checks were evaluated again (after every action, undo and reset): every task reached so far. */
    default void checksChanged(List<TaskStatus> tasks) {}

    /** The session went back: steps from `firstUndone` on are no longer done. */
    default void undone(int firstUndone) {}

    /** Back undid a typed command (the last action was not a step). */
    default void typedUndone(TypedCommand command) {}

    default void reset() {}
}
