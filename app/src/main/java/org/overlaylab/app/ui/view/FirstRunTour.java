/*
 * The first-run tour: five callouts, one at a time beside the control they explain (lab picker,
 * Run step, canvas, terminals, packet list), each with Next and Skip tour. Shown once, on the first
 * start; Help > Tour shows it again.
 */
package org.overlaylab.app.ui.view;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;

public final class FirstRunTour {
    /** One callout: the control it points at (a CSS selector in the window) and what it says. */
    public record Callout(String selector, String title, String text) {}

    public static final List<Callout> CALLOUTS = List.of(
            new Callout("#lab-picker", "Pick a lab", "Four labs follow the tutorial: Docker's overlay on etcd, "
                    + "Open vSwitch with GRE, flannel's VXLAN and Calico's BGP. Open… loads a lab file of your own."),
            new Callout("#run-step", "Step through it", "Run step (F5) runs the next step's commands on the hosts; "
                    + "Back (F6) undoes it. The step's explanation and its checks are below the list."),
            new Callout("#topology-canvas", "Watch the hosts", "The canvas draws every host, bridge, veth pair and "
                    + "tunnel as they are now; what a step added glows. Click an element (or Tab to it and press Enter) "
                    + "to see its addresses and routes on the right."),
            new Callout("#console-tabs", "Type your own commands", "Each host has a terminal: ip, bridge, docker, "
                    + "ovs-vsctl, etcdctl and more answer as on the tutorial's VMs. Tab completes."),
            new Callout("#packet-list", "See every frame", "Frames the steps send, decoded as tcpdump -nn prints them; "
                    + "pick one to see its layers and bytes, and its path on the canvas."));

    private final Parent root;
    private final Runnable onEnd;
    private final Popup popup = new Popup();
    private int shown = -1;

    /** A tour of the controls under `root`; `onEnd` runs when it is finished or skipped. */
    public FirstRunTour(Parent root, Runnable onEnd) {
        this.root = root;
        this.onEnd = onEnd;
        // x and y name where the callout's own box starts, whatever shadow the window draws around it
        popup.setAnchorLocation(javafx.stage.PopupWindow.AnchorLocation.CONTENT_TOP_LEFT);
        popup.setAutoHide(false);
        popup.setHideOnEscape(true);
        popup.setOnHidden(e -> {
            if (shown >= 0 && shown < CALLOUTS.size()) {
                end(); // Escape
            }
        });
    }

    public void start() {
        show(0);
    }

    /** The callout now shown (0-based), or -1 when the tour is over. */
    public int current() {
        return shown < CALLOUTS.size() ? shown : -1;
    }

    public void next() {
        show(shown + 1);
    }

    public void skip() {
        end();
    }

    private void show(int i) {
        // a control not shown now (the canvas alone, a collapsed panel) is passed over
        while (i < CALLOUTS.size() && target(CALLOUTS.get(i)) == null) {
            i++;
        }
        if (i >= CALLOUTS.size()) {
            end();
            return;
        }
        shown = i;
        Callout c = CALLOUTS.get(i);
        Node target = target(c);
        Label title = new Label((i + 1) + " of " + CALLOUTS.size() + ": " + c.title());
        title.getStyleClass().add("tour-title");
        Label text = new Label(c.text());
        text.setWrapText(true);
        text.setMaxWidth(360);
        Button skip = new Button("Skip tour");
        skip.setId("tour-skip");
        skip.setOnAction(e -> skip());
        Button next = new Button(i == CALLOUTS.size() - 1 ? "Done" : "Next");
        next.setId("tour-next");
        next.setDefaultButton(true);
        next.setOnAction(e -> next());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, skip, grow, next);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(8, title, text, buttons);
        box.setPadding(new Insets(12));
        box.setMaxWidth(390);
        box.getStyleClass().add("tour-callout");
        box.setId("tour-callout");
        box.getStylesheets().setAll(root.getScene().getStylesheets());
        popup.getContent().setAll(box);
        Bounds b = target.localToScreen(target.getLayoutBounds());
        double x = b.getMinX() + Math.min(24, b.getWidth() / 2);
        double y = b.getHeight() > 300 ? b.getMinY() + 40 : b.getMaxY() + 6;
        if (popup.isShowing()) {
            popup.setX(x);
            popup.setY(y);
        } else {
            popup.show(root.getScene().getWindow(), x, y);
        }
        follow(target);
        next.requestFocus();
    }

    private Node followed;
    private final javafx.beans.value.ChangeListener<Object> moved = (o, a, b) -> {
        if (followed != null && popup.isShowing()) {
            Bounds t = followed.localToScreen(followed.getLayoutBounds());
            if (t != null) {
                popup.setX(t.getMinX() + Math.min(24, t.getWidth() / 2));
                popup.setY(t.getHeight() > 300 ? t.getMinY() + 40 : t.getMaxY() + 6);
            }
        }
    };

    /** The callout stays beside its control when the window lays itself out again (a lab loading, a resize). */
    private void follow(Node target) {
        unfollow();
        followed = target;
        target.localToSceneTransformProperty().addListener(moved);
        target.layoutBoundsProperty().addListener(moved);
    }

    private void unfollow() {
        if (followed != null) {
            followed.localToSceneTransformProperty().removeListener(moved);
            followed.layoutBoundsProperty().removeListener(moved);
            followed = null;
        }
    }

    private Node target(Callout c) {
        Node n = root.lookup(c.selector());
        if (n == null || n.getScene() == null || !n.isVisible() || n.localToScreen(n.getLayoutBounds()) == null) {
            return null;
        }
        return n;
    }

    private void end() {
        boolean wasOn = shown >= 0 && shown < CALLOUTS.size();
        shown = CALLOUTS.size();
        unfollow();
        popup.hide();
        if (wasOn) {
            onEnd.run();
        }
    }
}
