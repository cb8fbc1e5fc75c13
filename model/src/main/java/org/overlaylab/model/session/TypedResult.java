/*
 * What typing a command gave: the command, its result, the topology observed afterwards, and the
 * tasks' check results as they now stand.
 */
package org.overlaylab.model.session;

import java.util.List;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.topology.Topology;

public record TypedResult(TypedCommand command, CommandResult result, Topology topology, List<TaskStatus> tasks) {

    public TypedResult {
        tasks = List.copyOf(tasks);
    }
}
