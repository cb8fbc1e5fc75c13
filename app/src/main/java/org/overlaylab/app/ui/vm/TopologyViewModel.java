/*
 * The topology canvas's state: the laid-out diagram of the current topology, what the last step
 * added or changed (highlighted) and what the view should fade out, the selected element, the
 * label detail, and where the user dragged hosts. Re-lays out whenever any of these inputs change.
 */
package org.overlaylab.app.ui.vm;

import java.util.HashMap;
import java.util.Map;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.app.ui.diagram.DetailLevel;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.diagram.DiagramDiff;
import org.overlaylab.app.ui.diagram.DiagramLayout;
import org.overlaylab.app.ui.diagram.LabHints;
import org.overlaylab.app.ui.diagram.Point;
import org.overlaylab.app.ui.diagram.TextMetrics;
import org.overlaylab.model.topology.Topology;

public final class TopologyViewModel {

    /** Why the diagram changed: the lab's state moved (fade what is gone), or only the layout did. */
    public enum Cause { STATE, LAYOUT }

    /**
     * A new diagram to show. `highlight` is what the last step added or changed; `gone` lists the
     * elements of `previous` that no longer exist, for the view to fade out.
     */
    public record Update(Diagram diagram, DiagramDiff highlight, Diagram previous, DiagramDiff gone, Cause cause) {}

    private final Value<Update> update = new Value<>(new Update(Diagram.EMPTY, DiagramDiff.NONE, Diagram.EMPTY,
            DiagramDiff.NONE, Cause.LAYOUT));
    private final Value<String> selected = new Value<>(null);
    private final Value<java.util.Set<String>> changedBySelection = new Value<>(java.util.Set.of());
    private final Value<DetailLevel> detail = new Value<>(DetailLevel.ADDRESSES);
    private final Map<String, Point> offsets = new HashMap<>();
    private TextMetrics metrics = TextMetrics.approximate(1);
    private LabHints hints = LabHints.NONE;
    private Topology current = Topology.EMPTY;
    private Topology beforeLastStep = Topology.EMPTY;

    public ReadOnlyValue<Update> update() {
        return update.readOnly();
    }

    public Diagram diagram() {
        return update.get().diagram();
    }

    /**
     * Diagram ids of the hosts whose state the selected frame changed (where a BGP UPDATE installed
     * its route); empty when the selected frame changed nothing or nothing is selected.
     */
    public ReadOnlyValue<java.util.Set<String>> changedBySelection() {
        return changedBySelection.readOnly();
    }

    /** Marks the hosts (lab names) the selected frame changed state on; an empty set clears the mark. */
    public void markChangedBySelection(java.util.Collection<String> hosts) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String h : hosts) {
            ids.add(org.overlaylab.app.ui.diagram.Diagram.hostId(h));
        }
        changedBySelection.set(java.util.Set.copyOf(ids));
    }

    public ReadOnlyValue<String> selected() {
        return selected.readOnly();
    }

    public ReadOnlyValue<DetailLevel> detail() {
        return detail.readOnly();
    }

    public Topology topology() {
        return current;
    }

    /** A new lab: forget drags and selection. */
    public void newLab(LabHints labHints, Topology fresh) {
        hints = labHints;
        offsets.clear();
        selected.set(null);
        current = fresh;
        beforeLastStep = fresh;
        relayout(Cause.STATE, true);
    }

    /**
     * The lab's state moved: `now` is the current topology, `before` the one before the last step
     * that is done (the same as now when no step is done), for the highlight.
     */
    public void showState(Topology now, Topology before) {
        current = now;
        beforeLastStep = before;
        relayout(Cause.STATE, false);
    }

    public void setDetail(DetailLevel level) {
        if (level == detail.get()) {
            return;
        }
        detail.set(level);
        relayout(Cause.LAYOUT, false);
    }

    /** The view's real text measurement, or a larger scale in presenter mode. */
    public void setMetrics(TextMetrics m) {
        metrics = m;
        relayout(Cause.LAYOUT, false);
    }

    public void select(String id) {
        selected.set(id);
    }

    /** The user dragged a host, the switch or the cloud by (dx, dy). */
    public void move(String id, double dx, double dy) {
        Point p = offsets.getOrDefault(id, new Point(0, 0));
        offsets.put(id, new Point(p.x() + dx, p.y() + dy));
        relayout(Cause.LAYOUT, false);
    }

    /** Forgets every drag. */
    public void resetLayout() {
        offsets.clear();
        relayout(Cause.LAYOUT, false);
    }

    /** Which ids can be dragged: hosts, the underlay switch and the outside world. */
    public static boolean movable(String id) {
        return id != null && (id.startsWith("host:") || id.startsWith("switch:") || id.startsWith("cloud:"))
                && !id.contains("#");
    }

    private void relayout(Cause cause, boolean fresh) {
        DiagramLayout.Options options = new DiagramLayout.Options(detail.get(), metrics, offsets);
        Diagram now = DiagramLayout.layout(current, hints, options);
        Diagram before = current == beforeLastStep ? now : DiagramLayout.layout(beforeLastStep, hints, options);
        DiagramDiff highlight = fresh ? DiagramDiff.NONE : DiagramDiff.between(before, now);
        Diagram shown = fresh ? Diagram.EMPTY : update.get().diagram();
        Cause why = fresh ? Cause.LAYOUT : cause;
        DiagramDiff gone = why == Cause.LAYOUT ? DiagramDiff.NONE : DiagramDiff.between(shown, now);
        if (selected.get() != null && !now.ids().contains(selected.get())) {
            selected.set(null);
        }
        update.set(new Update(now, highlight, shown, gone, why));
    }
}
