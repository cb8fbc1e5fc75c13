/*
 * The "Plane: All | Control | Data" row above the packet list and the event list: one choice is
 * always on, and picking one reports it.
 */
package org.overlaylab.app.ui.view;

import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import org.overlaylab.app.ui.packets.PacketListViewModel.PlaneChoice;

final class PlaneToggles {
    private final ToggleGroup group = new ToggleGroup();
    private final HBox row;

    /** idPrefix names the buttons: idPrefix + "all", "control", "data". */
    PlaneToggles(String barId, String idPrefix, Consumer<PlaneChoice> chosen) {
        HBox bar = new HBox(0);
        bar.setId(barId);
        bar.getStyleClass().add("plane-filter");
        for (PlaneChoice choice : PlaneChoice.values()) {
            ToggleButton b = new ToggleButton(choice.toString());
            b.setId(idPrefix + choice.name().toLowerCase());
            b.setUserData(choice);
            b.setToggleGroup(group);
            Tips.set(b, switch (choice) {
                case ALL -> "Every frame";
                case CONTROL -> "Control plane only: BGP, etcd, Docker's gossip, ARP";
                case DATA -> "Data plane only: the traffic the control plane's decisions carry";
            });
            bar.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                // one choice always stays on
                group.selectToggle(a);
            } else {
                chosen.accept((PlaneChoice) b.getUserData());
            }
        });
        row = new HBox(6, new Label("Plane:"), bar);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(0, 6, 4, 6));
    }

    /** Shows this choice as the one on, without reporting it. */
    void show(PlaneChoice choice) {
        group.getToggles().forEach(t -> t.setSelected(t.getUserData() == choice));
    }

    HBox row() {
        return row;
    }
}
