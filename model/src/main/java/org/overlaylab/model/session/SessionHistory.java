/*
 * What a session did, enough to bring it back (resume) and to report on it: the actions still in
 * effect, every command ever typed (undone ones too), hints and solutions shown per task step, and
 * the time spent in earlier sittings.
 */
package org.overlaylab.model.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

public record SessionHistory(List<Action> actions, List<Action.Typed> typedLog, Map<Integer, Integer> hintsShown,
                             Set<Integer> solutionsShown, Set<Integer> solved, Duration timeSpent) {

    public SessionHistory {
        actions = List.copyOf(actions);
        typedLog = List.copyOf(typedLog);
        hintsShown = Map.copyOf(hintsShown);
        solutionsShown = Set.copyOf(solutionsShown);
        solved = Set.copyOf(solved);
    }
}
