/* The key to the canvas: what each cable and each packet colour means. Sits in a corner of the canvas. */
package org.overlaylab.app.ui.view;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Text;
import org.overlaylab.app.ui.packets.Protocol;

public final class Legend extends FlowPane {

    public Legend() {
        super(14, 4);
        getStyleClass().add("legend");
        setPadding(new Insets(5, 10, 5, 10));
        setAlignment(Pos.CENTER_LEFT);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        setPrefWrapLength(900);
        getChildren().addAll(
                entry(line("legend-veth"), "veth cable"),
                entry(line("legend-underlay"), "underlay"),
                entry(pipe("legend-vxlan"), "VXLAN tunnel"),
                entry(pipe("legend-gre"), "GRE tunnel"),
                entry(line("legend-bgp"), "BGP session"),
                entry(newMark(), "new in this step"),
                entry(dot(AnimationLayer.protocolColour(Protocol.ICMP)), "ICMP"),
                entry(dot(AnimationLayer.protocolColour(Protocol.ARP)), "ARP"),
                entry(dot(AnimationLayer.protocolColour(Protocol.TCP)), "TCP"),
                entry(dot(AnimationLayer.protocolColour(Protocol.UDP)), "UDP"),
                entry(capsule(AnimationLayer.tunnelColour(Protocol.Tunnel.VXLAN)), "in VXLAN"),
                entry(capsule(AnimationLayer.tunnelColour(Protocol.Tunnel.GRE)), "in GRE"),
                entry(diamond(), "control plane (BGP, etcd, gossip, ARP)"));
    }

    /** A swatch and its meaning; plain text, not a label: the key has nothing to focus or mnemonics to show. */
    private static HBox entry(Node swatch, String text) {
        Text l = new Text(text);
        l.getStyleClass().add("legend-text");
        HBox h = new HBox(5, swatch, l);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    private static Node line(String cls) {
        Line l = new Line(0, 0, 26, 0);
        l.getStyleClass().addAll("legend-line", cls);
        l.setStrokeLineCap(StrokeLineCap.ROUND);
        return l;
    }

    private static Node pipe(String cls) {
        Line casing = new Line(0, 0, 26, 0);
        casing.getStyleClass().addAll("legend-pipe-casing", cls);
        casing.setStrokeLineCap(StrokeLineCap.ROUND);
        Line core = new Line(0, 0, 26, 0);
        core.getStyleClass().addAll("legend-pipe-core", cls);
        return new StackPane(casing, core);
    }

    private static Node newMark() {
        Rectangle r = new Rectangle(22, 12);
        r.setArcWidth(5);
        r.setArcHeight(5);
        r.getStyleClass().add("legend-new");
        return r;
    }

    private static Node dot(Color c) {
        Circle d = new Circle(6, c);
        d.setStroke(Color.WHITE);
        d.setStrokeWidth(1.5);
        return d;
    }

    private static Node diamond() {
        javafx.scene.shape.Polygon p = new javafx.scene.shape.Polygon(7, 0, 14, 7, 7, 14, 0, 7);
        p.setFill(AnimationLayer.CONTROL_PLANE_FILL);
        p.setStroke(AnimationLayer.CONTROL_PLANE_EDGE);
        p.setStrokeWidth(2);
        return p;
    }

    private static Node capsule(Color c) {
        Rectangle r = new Rectangle(24, 13, c);
        r.setArcWidth(13);
        r.setArcHeight(13);
        Circle d = new Circle(4.5, AnimationLayer.protocolColour(Protocol.ICMP));
        d.setStroke(Color.WHITE);
        return new StackPane(r, d);
    }
}
