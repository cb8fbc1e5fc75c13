/*
 * One entry of a session's history, which is what undo replays: a lab step run, or a command typed.
 */
package org.overlaylab.model.session;

import java.time.Instant;

public sealed interface Action {

    Instant at();

    /** Step `number` (1-based) ran. */
    record StepRun(int number, Instant at) implements Action {}

    /** A command was typed; `exitCode` is how it ended (-1 when the backend could not run it). */
    record Typed(TypedCommand command, int exitCode) implements Action {
        @Override
        public Instant at() {
            return command.at();
        }
    }
}
