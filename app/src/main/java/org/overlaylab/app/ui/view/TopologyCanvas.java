/*
 * The topology canvas: draws the view model's Diagram with scene-graph shapes (so every host,
 * device and cable is a node that can be found, styled by the theme and clicked), keeps each
 * element's node across updates (new ones fade in and glow, vanished ones fade out), and lets the
 * user pan, zoom and drag hosts. Packet markers are painted by an overlay in screen space; this
 * class gives it the diagram-to-screen mapping.
 */
package org.overlaylab.app.ui.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.animation.FadeTransition;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.Shape;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Text;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.util.Duration;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.diagram.DiagramDiff;
import org.overlaylab.app.ui.diagram.Point;
import org.overlaylab.app.ui.diagram.Rect;
import org.overlaylab.app.ui.diagram.TextStyle;
import org.overlaylab.app.ui.vm.TopologyViewModel;

public final class TopologyCanvas extends StackPane {
    /** Key under which every element node keeps its diagram id. */
    public static final String ID_KEY = "diagram-id";
    private static final double MIN_ZOOM = 0.04;
    private static final double MAX_ZOOM = 4;

    private final TopologyViewModel vm;
    private final Pane viewport = new Pane();
    private final Group content = new Group();
    private final Group hostLayer = new Group();
    private final Group boxLayer = new Group();
    private final Group innerLayer = new Group();
    private final Group cableLayer = new Group();
    private final Group pipeLayer = new Group();
    private final Group chipLayer = new Group();
    private final Group labelLayer = new Group();
    private final Translate pan = new Translate();
    private final Scale zoomScale = new Scale(1, 1);
    private final Map<String, ElementView> views = new HashMap<>();
    private final List<Runnable> viewChangeListeners = new ArrayList<>();
    private FxTextMetrics metrics = new FxTextMetrics(1);
    private boolean autoFit = true;
    private String selectedId;

    // mouse gesture state
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragged;
    private String dragId;
    private boolean panning;
    private Consumer<MouseEvent> markerClick;

    public TopologyCanvas(TopologyViewModel vm) {
        this.vm = vm;
        getStyleClass().add("topology-canvas");
        content.getChildren().addAll(hostLayer, boxLayer, cableLayer, innerLayer, pipeLayer, chipLayer, labelLayer);
        content.getTransforms().setAll(pan, zoomScale);
        viewport.getChildren().add(content);
        viewport.getStyleClass().add("topology-viewport");
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);
        viewport.setMinSize(0, 0);
        // the diagram changes far less often than the packets painted over it: keep it as a bitmap
        // so a frame of the animation costs one image copy, not thousands of shapes
        viewport.setCache(true);
        viewport.setCacheHint(javafx.scene.CacheHint.SPEED);
        getChildren().add(viewport);
        getChildren().add(zoomBar());
        vm.update().observe(this::apply);
        vm.selected().observe(this::select);
        vm.changedBySelection().observe(this::markChanged);
        viewport.widthProperty().addListener((o, a, b) -> refit());
        viewport.heightProperty().addListener((o, a, b) -> refit());
        installMouse();
        vm.setMetrics(metrics);
    }

    // ------------------------------------------------------------------ public

    /** Font and stroke scale: 1 normally, larger for a projector. */
    public void setPresenterScale(double scale) {
        metrics = new FxTextMetrics(scale);
        views.values().forEach(v -> v.node.getParent());
        for (ElementView v : List.copyOf(views.values())) {
            ((Group) v.node.getParent()).getChildren().remove(v.node);
        }
        views.clear();
        autoFit = true;
        vm.setMetrics(metrics);
    }

    public FxTextMetrics metrics() {
        return metrics;
    }

    /** Zooms and pans so the whole diagram fits, and keeps fitting after changes until the user zooms. */
    public void fit() {
        autoFit = true;
        refit();
    }

    public double zoom() {
        return zoomScale.getX();
    }

    /** Diagram coordinates to coordinates in this canvas. */
    public Point2D toView(double x, double y) {
        return new Point2D(x * zoomScale.getX() + pan.getX(), y * zoomScale.getY() + pan.getY());
    }

    /** Coordinates in this canvas to diagram coordinates. */
    public Point toDiagram(double vx, double vy) {
        return new Point((vx - pan.getX()) / zoomScale.getX(), (vy - pan.getY()) / zoomScale.getY());
    }

    /** Called when zoom, pan or the diagram changed, so overlays redraw. */
    public void addViewChangeListener(Runnable r) {
        viewChangeListeners.add(r);
    }

    /** The overlay that paints markers gets first look at clicks, to pick a frame. */
    public void setMarkerClickHandler(Consumer<MouseEvent> handler) {
        markerClick = handler;
    }

    /** Adds an overlay on top of the diagram (it should be mouse-transparent). */
    public void addOverlay(Node overlay) {
        getChildren().add(1, overlay);
    }

    /** The node drawn for a diagram element, if shown. */
    public Node nodeFor(String id) {
        ElementView v = views.get(id);
        return v == null ? null : v.node;
    }

    /** Every element node currently shown. */
    public Map<String, Node> elementNodes() {
        Map<String, Node> out = new HashMap<>();
        views.forEach((k, v) -> out.put(k, v.node));
        return out;
    }

    /** The whole diagram drawn at the given zoom, on the theme's background, e.g. for a PNG. */
    public WritableImage snapshotDiagram(double zoom, Color background) {
        Rect b = vm.diagram().bounds();
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(background);
        p.setTransform(new Scale(zoom, zoom));
        List<javafx.scene.transform.Transform> saved = List.copyOf(content.getTransforms());
        content.getTransforms().clear();
        p.setViewport(new javafx.geometry.Rectangle2D(b.x() * zoom, b.y() * zoom, b.w() * zoom, b.h() * zoom));
        try {
            return content.snapshot(p, null);
        } finally {
            content.getTransforms().setAll(saved);
        }
    }

    // ------------------------------------------------------------------ applying view model updates

    private void apply(TopologyViewModel.Update u) {
        Diagram d = u.diagram();
        DiagramDiff hl = u.highlight();
        boolean stateChange = u.cause() == TopologyViewModel.Cause.STATE;
        Set<String> ids = d.ids();
        for (Diagram.Box b : d.boxes()) {
            BoxView v = (BoxView) views.computeIfAbsent(b.id(), k -> created(new BoxView(k), layerOf(b), stateChange));
            v.update(b);
            v.mark(hl.added().contains(b.id()), hl.changed().contains(b.id()));
        }
        for (Diagram.Link l : d.links()) {
            Group layer = l.isTunnel() || l.kind() == Diagram.LinkKind.BGP ? pipeLayer : cableLayer;
            LinkView v = (LinkView) views.computeIfAbsent(l.id(), k -> created(new LinkView(k), layer, stateChange));
            v.update(l);
            v.mark(hl.added().contains(l.id()), hl.changed().contains(l.id()));
        }
        for (Diagram.Chip c : d.chips()) {
            ChipView v = (ChipView) views.computeIfAbsent(c.id(), k -> created(new ChipView(k), chipLayer, stateChange));
            v.update(c);
            v.mark(hl.added().contains(c.id()), hl.changed().contains(c.id()));
        }
        for (String id : List.copyOf(views.keySet())) {
            if (ids.contains(id)) {
                continue;
            }
            ElementView gone = views.remove(id);
            if (stateChange) {
                fadeOut(gone.node);
            } else {
                ((Group) gone.node.getParent()).getChildren().remove(gone.node);
            }
        }
        sortLayers();
        select(selectedId);
        markChanged(vm.changedBySelection().get());
        refit();
        fireViewChanged();
    }

    private Group layerOf(Diagram.Box b) {
        return switch (b.kind()) {
            case HOST -> hostLayer;
            case SWITCH, ROUTER, CLOUD, NAMESPACE, CONTAINER, OVS_BRIDGE -> boxLayer;
            case LINUX_BRIDGE -> b.parent() != null && b.parent().startsWith("ns:") ? innerLayer : boxLayer;
        };
    }

    private void sortLayers() {
        // namespaces before the bridges drawn inside them
        List<Node> sorted = new ArrayList<>(boxLayer.getChildren());
        sorted.sort((a, b) -> Integer.compare(depth(a), depth(b)));
        if (!sorted.equals(boxLayer.getChildren())) {
            boxLayer.getChildren().setAll(sorted);
        }
    }

    private int depth(Node n) {
        Object kind = n.getProperties().get("kind");
        return kind == Diagram.BoxKind.NAMESPACE ? 0 : 1;
    }

    private ElementView created(ElementView v, Group layer, boolean fadeIn) {
        layer.getChildren().add(v.node);
        v.node.setOnKeyPressed(e -> elementKey(v, e));
        if (fadeIn && !views.isEmpty()) {
            v.node.setOpacity(0);
            FadeTransition f = new FadeTransition(Duration.millis(700), v.node);
            f.setToValue(1);
            f.play();
        }
        return v;
    }

    private void fadeOut(Node node) {
        node.getStyleClass().add("removed");
        node.setMouseTransparent(true);
        FadeTransition f = new FadeTransition(Duration.millis(1600), node);
        f.setToValue(0);
        f.setOnFinished(e -> {
            if (node.getParent() instanceof Group g) {
                g.getChildren().remove(node);
            }
        });
        f.play();
    }

    /** Outlines the hosts the selected frame changed state on (a dashed ring, not only a colour). */
    private void markChanged(java.util.Set<String> ids) {
        views.forEach((id, view) -> {
            boolean on = ids != null && ids.contains(id);
            if (on && !view.node.getStyleClass().contains("changed-by-selection")) {
                view.node.getStyleClass().add("changed-by-selection");
            } else if (!on) {
                view.node.getStyleClass().remove("changed-by-selection");
            }
        });
    }

    private void select(String id) {
        if (selectedId != null && views.containsKey(selectedId)) {
            views.get(selectedId).node.getStyleClass().remove("selected");
        }
        selectedId = id;
        if (id != null && views.containsKey(id)) {
            Node n = views.get(id).node;
            if (!n.getStyleClass().contains("selected")) {
                n.getStyleClass().add("selected");
            }
        }
    }

    /** The keyboard's click and right-click on a focused element. */
    private void elementKey(ElementView v, javafx.scene.input.KeyEvent e) {
        String id = (String) v.node.getProperties().get(ID_KEY);
        javafx.scene.input.KeyCode k = e.getCode();
        if (k == javafx.scene.input.KeyCode.ENTER || k == javafx.scene.input.KeyCode.SPACE) {
            vm.select(id);
            e.consume();
        } else if (k == javafx.scene.input.KeyCode.CONTEXT_MENU || (k == javafx.scene.input.KeyCode.F10 && e.isShiftDown())) {
            if (elementMenu != null) {
                javafx.geometry.Bounds b = v.node.localToScreen(v.node.getBoundsInLocal());
                elementMenu.show(id, b == null ? 0 : b.getCenterX(), b == null ? 0 : b.getCenterY());
            }
            e.consume();
        }
    }

    // ------------------------------------------------------------------ zoom and pan

    private HBox zoomBar() {
        Button out = new Button("−");
        Button in = new Button("+");
        Button fit = new Button("Fit");
        out.setId("zoom-out");
        in.setId("zoom-in");
        fit.setId("zoom-fit");
        Tips.set(out, "Zoom out (or scroll)");
        Tips.set(in, "Zoom in (or scroll)");
        Tips.set(fit, "Show the whole lab");
        out.setOnAction(e -> zoomAt(getWidth() / 2, getHeight() / 2, 1 / 1.25));
        in.setOnAction(e -> zoomAt(getWidth() / 2, getHeight() / 2, 1.25));
        fit.setOnAction(e -> fit());
        HBox bar = new HBox(4, out, in, fit);
        bar.getStyleClass().add("zoom-bar");
        bar.setMaxSize(HBox.USE_PREF_SIZE, HBox.USE_PREF_SIZE);
        StackPane.setAlignment(bar, Pos.TOP_RIGHT);
        bar.setPickOnBounds(false);
        return bar;
    }

    private void refit() {
        if (!autoFit) {
            return;
        }
        Rect b = vm.diagram().bounds();
        double w = viewport.getWidth();
        double h = viewport.getHeight();
        if (b.w() <= 0 || b.h() <= 0 || w <= 0 || h <= 0) {
            return;
        }
        double z = Math.max(MIN_ZOOM, Math.min(1.6, Math.min(w / b.w(), h / b.h())));
        zoomScale.setX(z);
        zoomScale.setY(z);
        pan.setX((w - b.w() * z) / 2 - b.x() * z);
        pan.setY((h - b.h() * z) / 2 - b.y() * z);
        fireViewChanged();
    }

    private void zoomAt(double vx, double vy, double factor) {
        double z = zoomScale.getX();
        double nz = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z * factor));
        Point d = toDiagram(vx, vy);
        zoomScale.setX(nz);
        zoomScale.setY(nz);
        pan.setX(vx - d.x() * nz);
        pan.setY(vy - d.y() * nz);
        autoFit = false;
        fireViewChanged();
    }

    private void fireViewChanged() {
        for (Runnable r : viewChangeListeners) {
            r.run();
        }
    }

    /** Called on a right-click with the element under the mouse (null: none) and the screen position. */
    public interface ElementMenu {
        void show(String id, double screenX, double screenY);
    }

    private ElementMenu elementMenu;

    public void setElementMenu(ElementMenu menu) {
        elementMenu = menu;
    }

    private void installMouse() {
        viewport.setOnContextMenuRequested(e -> {
            if (elementMenu != null) {
                elementMenu.show(idOf(e.getPickResult().getIntersectedNode()), e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        viewport.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
                e.consume();
            }
        });
        viewport.setOnMousePressed(e -> {
            pressX = lastX = e.getX();
            pressY = lastY = e.getY();
            dragged = false;
            String id = idOf(e.getPickResult().getIntersectedNode());
            dragId = TopologyViewModel.movable(id) && e.getButton() == MouseButton.PRIMARY ? id : null;
            panning = dragId == null;
        });
        viewport.setOnMouseDragged(e -> {
            double dx = e.getX() - lastX;
            double dy = e.getY() - lastY;
            if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 4) {
                dragged = true;
            }
            lastX = e.getX();
            lastY = e.getY();
            if (!dragged) {
                return;
            }
            if (dragId != null) {
                vm.move(dragId, dx / zoomScale.getX(), dy / zoomScale.getY());
            } else if (panning) {
                pan.setX(pan.getX() + dx);
                pan.setY(pan.getY() + dy);
                autoFit = false;
                fireViewChanged();
            }
        });
        viewport.setOnMouseClicked(e -> {
            if (dragged || e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            if (markerClick != null) {
                markerClick.accept(e);
                if (e.isConsumed()) {
                    return;
                }
            }
            if (e.getClickCount() == 2 && idOf(e.getPickResult().getIntersectedNode()) == null) {
                fit();
                return;
            }
            vm.select(idOf(e.getPickResult().getIntersectedNode()));
        });
    }

    private static String idOf(Node n) {
        while (n != null) {
            Object id = n.getProperties().get(ID_KEY);
            if (id != null) {
                return (String) id;
            }
            n = n.getParent();
        }
        return null;
    }

    // ------------------------------------------------------------------ element views

    private abstract static class ElementView {
        final Group node = new Group();

        ElementView(String id, String styleClass) {
            node.getProperties().put(ID_KEY, id);
            node.getStyleClass().addAll("element", styleClass);
            // reachable with Tab and read by screen readers: Enter or Space selects (the inspector shows
            // it), the context-menu key or Shift+F10 opens its faults menu, as a click and right-click do
            node.setFocusTraversable(true);
            node.setAccessibleRole(AccessibleRole.BUTTON);
            node.setAccessibleHelp("Enter selects it and shows its details; Shift+F10 opens its faults menu");
        }

        /** What a screen reader says: the kind of element, then its labels. */
        void describe(String role, String text) {
            node.setAccessibleRoleDescription(role);
            node.setAccessibleText(text);
        }

        void mark(boolean added, boolean changed) {
            toggle("added", added);
            toggle("changed", changed && !added);
        }

        void toggle(String cls, boolean on) {
            if (on && !node.getStyleClass().contains(cls)) {
                node.getStyleClass().add(cls);
            } else if (!on) {
                node.getStyleClass().remove(cls);
            }
        }
    }

    private Text text(String s, TextStyle style, String cls) {
        Text t = new Text(s);
        t.setFont(metrics.font(style));
        t.getStyleClass().add(cls);
        t.setTextOrigin(javafx.geometry.VPos.TOP);
        return t;
    }

    private final class BoxView extends ElementView {
        private Shape shape;
        private Diagram.BoxKind kind;

        BoxView(String id) {
            super(id, "box");
        }

        void update(Diagram.Box b) {
            if (kind != b.kind()) {
                node.getStyleClass().removeIf(c -> c.startsWith("box-"));
                node.getStyleClass().add("box-" + b.kind().name().toLowerCase().replace('_', '-'));
                kind = b.kind();
                node.getProperties().put("kind", kind);
            }
            toggle("inactive", b.inactive());
            describe(boxRole(b.kind()), boxText(b));
            Rect r = b.bounds();
            double s = metrics.scale();
            node.getChildren().clear();
            if (b.kind() == Diagram.BoxKind.CLOUD) {
                SVGPath p = new SVGPath();
                p.setContent(cloudPath(r));
                shape = p;
            } else {
                Rectangle rect = new Rectangle(r.x(), r.y(), r.w(), r.h());
                double arc = switch (b.kind()) {
                    case HOST -> 26;
                    case CONTAINER, NAMESPACE -> 18;
                    case SWITCH, ROUTER -> 14;
                    default -> 10;
                } * s;
                rect.setArcWidth(arc);
                rect.setArcHeight(arc);
                shape = rect;
            }
            shape.getStyleClass().add("shape");
            node.getChildren().add(shape);
            switch (b.kind()) {
                case HOST -> hostLabel(b, r, s);
                case SWITCH -> centred(b.lines(), r, TextStyle.SWITCH_LABEL, "t-switch");
                case ROUTER -> centred(b.lines(), new Rect(r.x(), r.y() + r.h() * 0.25, r.w(), r.h() * 0.75),
                        TextStyle.BOX_TITLE, "t-router");
                case CLOUD -> centred(b.lines(), new Rect(r.x(), r.y() + r.h() * 0.18, r.w(), r.h() * 0.82),
                        TextStyle.BOX_TITLE, "t-cloud");
                case NAMESPACE -> namespaceLabel(b, r, s);
                case CONTAINER -> topLabel(b, r, s, "t-container");
                default -> middleLabel(b, r, s);
            }
        }

        private void hostLabel(Diagram.Box b, Rect r, double s) {
            Rect area = b.labelArea() != null ? b.labelArea() : new Rect(r.x() + 18 * s, r.y() + 10 * s, r.w(), 0);
            double x = area.x();
            double y = area.y();
            Text title = text(b.title(), TextStyle.HOST_TITLE, "t-host-title");
            title.setX(x);
            title.setY(y);
            node.getChildren().add(title);
            if (b.lines().size() > 1) {
                Text sub = text(b.lines().get(1), TextStyle.HOST_SUBTITLE, "t-host-subtitle");
                sub.setX(x + metrics.width(b.title(), TextStyle.HOST_TITLE) + 12 * s);
                sub.setY(y + (metrics.lineHeight(TextStyle.HOST_TITLE) - metrics.lineHeight(TextStyle.HOST_SUBTITLE)) * 0.7);
                node.getChildren().add(sub);
            }
            double bx = x;
            double by = y + metrics.lineHeight(TextStyle.HOST_TITLE) + 6 * s;
            for (Diagram.Badge badge : b.badges()) {
                double w = metrics.width(badge.text(), TextStyle.BADGE) + 18 * s;
                double h = metrics.lineHeight(TextStyle.BADGE) + 6 * s;
                Rectangle pill = new Rectangle(bx, by, w, h);
                pill.setArcWidth(h);
                pill.setArcHeight(h);
                pill.getStyleClass().addAll("badge", "badge-" + badge.state());
                Text t = text(badge.text(), TextStyle.BADGE, "t-badge");
                t.getStyleClass().add("t-badge-" + badge.state());
                t.setX(bx + 9 * s);
                t.setY(by + 3 * s);
                Group g = new Group(pill, t);
                Tips.install(g, badge.text() + ": " + badge.state());
                node.getChildren().add(g);
                bx += w + 6 * s;
            }
        }

        private void topLabel(Diagram.Box b, Rect r, double s, String cls) {
            double y = b.labelArea() != null ? b.labelArea().y() : r.y() + 10 * s;
            for (int i = 0; i < b.lines().size(); i++) {
                TextStyle st = i == 0 ? TextStyle.BOX_TITLE : TextStyle.BOX_SUBTITLE;
                Text t = text(b.lines().get(i), st, i == 0 ? cls : "t-subtitle");
                t.setX(r.cx() - metrics.width(b.lines().get(i), st) / 2);
                t.setY(y);
                node.getChildren().add(t);
                y += metrics.lineHeight(st);
            }
        }

        private void middleLabel(Diagram.Box b, Rect r, double s) {
            double total = 0;
            for (int i = 0; i < b.lines().size(); i++) {
                total += metrics.lineHeight(i == 0 ? TextStyle.BOX_TITLE : TextStyle.BOX_SUBTITLE);
            }
            double y = r.cy() - total / 2;
            String cls = b.kind() == Diagram.BoxKind.OVS_BRIDGE ? "t-ovs" : "t-bridge";
            for (int i = 0; i < b.lines().size(); i++) {
                TextStyle st = i == 0 ? TextStyle.BOX_TITLE : TextStyle.BOX_SUBTITLE;
                Text t = text(b.lines().get(i), st, i == 0 ? cls : "t-subtitle");
                t.setX(r.cx() - metrics.width(b.lines().get(i), st) / 2);
                t.setY(y);
                node.getChildren().add(t);
                y += metrics.lineHeight(st);
            }
        }

        private void namespaceLabel(Diagram.Box b, Rect r, double s) {
            // under the bridge drawn inside, above the chips on the bottom edge
            double innerBottom = r.y();
            for (Diagram.Box inner : vm.diagram().boxes()) {
                if (b.id().equals(inner.parent())) {
                    innerBottom = Math.max(innerBottom, inner.bounds().maxY());
                }
            }
            String line = b.title();
            Text t = text(line, TextStyle.BOX_SUBTITLE, "t-namespace");
            t.setX(r.cx() - metrics.width(line, TextStyle.BOX_SUBTITLE) / 2);
            t.setY(innerBottom + 4 * s);
            node.getChildren().add(t);
        }

        private void centred(List<String> lines, Rect r, TextStyle first, String cls) {
            double total = 0;
            for (int i = 0; i < lines.size(); i++) {
                total += metrics.lineHeight(i == 0 ? first : TextStyle.BOX_SUBTITLE);
            }
            double y = r.cy() - total / 2;
            for (int i = 0; i < lines.size(); i++) {
                TextStyle st = i == 0 ? first : TextStyle.BOX_SUBTITLE;
                Text t = text(lines.get(i), st, i == 0 ? cls : cls + "-sub");
                t.setX(r.cx() - metrics.width(lines.get(i), st) / 2);
                t.setY(y);
                node.getChildren().add(t);
                y += metrics.lineHeight(st);
            }
        }
    }

    // ------------------------------------------------------------------ what the elements say

    static String boxRole(Diagram.BoxKind kind) {
        return switch (kind) {
            case HOST -> "host";
            case CONTAINER -> "container";
            case NAMESPACE -> "network namespace";
            case LINUX_BRIDGE -> "Linux bridge";
            case OVS_BRIDGE -> "Open vSwitch bridge";
            case SWITCH -> "underlay switch";
            case ROUTER -> "router";
            case CLOUD -> "outside network";
        };
    }

    /** "host node1, docker-node1; daemons: etcd running, dockerd running". */
    static String boxText(Diagram.Box b) {
        StringBuilder sb = new StringBuilder(boxRole(b.kind())).append(' ').append(String.join(", ", b.lines()));
        if (!b.badges().isEmpty()) {
            sb.append("; daemons: ");
            for (int i = 0; i < b.badges().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(b.badges().get(i).text()).append(' ').append(b.badges().get(i).state());
            }
        }
        if (b.inactive()) {
            sb.append("; stopped");
        }
        return sb.toString();
    }

    /** "VXLAN tunnel end vxlan0 on node1, vxlan 256 :4789; down". */
    static String chipText(Diagram.Chip c) {
        String where = c.namespace() == null ? " on " + c.host() : " in " + c.namespace() + " on " + c.host();
        return chipRole(c) + " " + String.join(", ", c.lines()) + where + (c.up() ? "" : "; down");
    }

    static String chipRole(Diagram.Chip c) {
        return switch (c.role()) {
            case NIC -> "network card";
            case NAT_NIC -> "NAT network card";
            case VETH -> "veth end";
            case VTEP -> "VXLAN tunnel end";
            case TUNNEL_PORT -> c.kind() + " tunnel port";
            case INTERNAL -> "internal port";
            case OTHER -> c.kind() + " device";
        };
    }

    static String linkRole(Diagram.LinkKind kind) {
        return switch (kind) {
            case VETH -> "veth cable";
            case MEMBER -> "bridge port";
            case UNDERLAY -> "underlay cable";
            case NAT -> "NAT link";
            case VXLAN -> "VXLAN tunnel";
            case GRE -> "GRE tunnel";
            case HALF_TUNNEL -> "tunnel, one end only";
            case BGP -> "BGP session";
        };
    }

    /** "VXLAN tunnel from node1 vxlan0 to node2 vxlan0, VNI 256". */
    static String linkText(Diagram.Link l) {
        return linkRole(l.kind()) + " from " + readable(l.from()) + " to " + readable(l.to())
                + (l.label() == null ? "" : ", " + l.label());
    }

    /** An element id such as dev:node1/docker0 as words: node1 docker0. */
    private static String readable(String id) {
        if (id == null) {
            return "nowhere";
        }
        int colon = id.indexOf(':');
        return (colon >= 0 ? id.substring(colon + 1) : id).replace('/', ' ');
    }

    static String cloudPath(Rect r) {
        double x = r.x();
        double y = r.y();
        double w = r.w();
        double h = r.h();
        return String.format(java.util.Locale.ROOT,
                "M %.1f %.1f C %.1f %.1f %.1f %.1f %.1f %.1f C %.1f %.1f %.1f %.1f %.1f %.1f "
                        + "C %.1f %.1f %.1f %.1f %.1f %.1f C %.1f %.1f %.1f %.1f %.1f %.1f "
                        + "Z",
                x + 0.16 * w, y + h,
                x + 0.01 * w, y + h, x - 0.02 * w, y + 0.55 * h, x + 0.13 * w, y + 0.47 * h,
                x + 0.10 * w, y + 0.12 * h, x + 0.36 * w, y + 0.02 * h, x + 0.44 * w, y + 0.2 * h,
                x + 0.52 * w, y - 0.06 * h, x + 0.80 * w, y - 0.02 * h, x + 0.80 * w, y + 0.25 * h,
                x + 0.98 * w, y + 0.22 * h, x + 1.04 * w, y + 0.62 * h, x + 0.86 * w, y + h);
    }

    private final class ChipView extends ElementView {
        private Diagram.ChipRole role;

        ChipView(String id) {
            super(id, "chip");
        }

        void update(Diagram.Chip c) {
            if (role != c.role()) {
                node.getStyleClass().removeIf(s -> s.startsWith("chip-"));
                node.getStyleClass().add("chip-" + c.role().name().toLowerCase().replace('_', '-'));
                if (c.role() == Diagram.ChipRole.VTEP || c.role() == Diagram.ChipRole.TUNNEL_PORT) {
                    node.getStyleClass().add("chip-tunnel-" + (c.kind().equals("vxlan") ? "vxlan" : "gre"));
                }
                role = c.role();
            }
            toggle("down", !c.up());
            describe(chipRole(c), chipText(c));
            node.getChildren().clear();
            Rect r = c.bounds();
            double s = metrics.scale();
            Rectangle rect = new Rectangle(r.x(), r.y(), r.w(), r.h());
            rect.setArcWidth(10 * s);
            rect.setArcHeight(10 * s);
            rect.getStyleClass().add("shape");
            node.getChildren().add(rect);
            double y = r.y() + HostPad.CHIP_PAD_Y * s;
            for (int i = 0; i < c.lines().size(); i++) {
                TextStyle st = i == 0 ? TextStyle.CHIP_NAME : TextStyle.CHIP_DETAIL;
                Text t = text(c.lines().get(i), st, i == 0 ? "t-chip" : "t-chip-detail");
                t.setX(r.cx() - metrics.width(c.lines().get(i), st) / 2);
                t.setY(y);
                node.getChildren().add(t);
                y += metrics.lineHeight(st);
            }
        }
    }

    /** Paddings shared with the layout, so labels sit where the layout made room for them. */
    private static final class HostPad {
        static final double CHIP_PAD_Y = 4;
    }

    private final class LinkView extends ElementView {
        private Diagram.LinkKind kind;

        LinkView(String id) {
            super(id, "link");
        }

        void update(Diagram.Link l) {
            if (kind != l.kind()) {
                node.getStyleClass().removeIf(s -> s.startsWith("link-"));
                node.getStyleClass().add("link-" + l.kind().name().toLowerCase().replace('_', '-'));
                kind = l.kind();
            }
            describe(linkRole(l.kind()), linkText(l));
            node.getChildren().clear();
            double[] pts = new double[l.points().size() * 2];
            for (int i = 0; i < l.points().size(); i++) {
                pts[2 * i] = l.points().get(i).x();
                pts[2 * i + 1] = l.points().get(i).y();
            }
            if (l.isTunnel()) {
                Polyline casing = line(pts, "pipe-casing");
                Polyline body = line(pts, "pipe-body");
                Polyline core = line(pts, "pipe-core");
                node.getChildren().addAll(casing, body, core);
            } else {
                node.getChildren().add(line(pts, "wire"));
            }
            if (l.label() != null && l.labelAt() != null) {
                node.getChildren().add(pill(l.label(), l.labelAt()));
            }
        }

        private Polyline line(double[] pts, String cls) {
            Polyline p = new Polyline(pts);
            p.getStyleClass().add(cls);
            p.setStrokeLineJoin(StrokeLineJoin.ROUND);
            p.setStrokeLineCap(StrokeLineCap.ROUND);
            p.setFill(null);
            return p;
        }

        private Group pill(String label, Point at) {
            double s = metrics.scale();
            double w = metrics.width(label, TextStyle.LINK_LABEL) + 20 * s;
            double h = metrics.lineHeight(TextStyle.LINK_LABEL) + 6 * s;
            Rectangle bg = new Rectangle(at.x() - w / 2, at.y() - h / 2, w, h);
            bg.setArcWidth(h);
            bg.setArcHeight(h);
            bg.getStyleClass().add("link-label-bg");
            Text t = text(label, TextStyle.LINK_LABEL, "link-label");
            t.setX(at.x() - w / 2 + 10 * s);
            t.setY(at.y() - h / 2 + 3 * s);
            return new Group(bg, t);
        }
    }
}
