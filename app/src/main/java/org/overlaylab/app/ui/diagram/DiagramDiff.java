/* What changed between two diagrams of the same lab, by element id: added, removed, and changed label text. */
package org.overlaylab.app.ui.diagram;

import java.util.LinkedHashSet;
import java.util.Set;

public record DiagramDiff(Set<String> added, Set<String> removed, Set<String> changed) {

    public static final DiagramDiff NONE = new DiagramDiff(Set.of(), Set.of(), Set.of());

    public DiagramDiff {
        added = Set.copyOf(added);
        removed = Set.copyOf(removed);
        changed = Set.copyOf(changed);
    }

    public static DiagramDiff between(Diagram before, Diagram after) {
        Set<String> was = before.ids();
        Set<String> now = after.ids();
        Set<String> added = new LinkedHashSet<>(now);
        added.removeAll(was);
        Set<String> removed = new LinkedHashSet<>(was);
        removed.removeAll(now);
        Set<String> changed = new LinkedHashSet<>();
        for (String id : now) {
            if (was.contains(id) && !java.util.Objects.equals(before.textOf(id), after.textOf(id))) {
                changed.add(id);
            }
        }
        return new DiagramDiff(added, removed, changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}
