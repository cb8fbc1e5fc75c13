/*
 * Playback controls under the canvas: one hop back, play or pause, one hop forward, the speed, and
 * where the animation is (time and event count), with a slider to scrub through the step, and
 * whether control-plane frames are animated.
 */
package org.overlaylab.app.ui.view;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.overlaylab.app.ui.vm.AnimationViewModel;
import org.overlaylab.app.ui.vm.MainViewModel;

public final class AnimationBar extends HBox {
    private boolean scrubbing;

    public AnimationBar(MainViewModel main) {
        AnimationViewModel vm = main.animation();
        getStyleClass().add("animation-bar");
        setSpacing(6);
        setPadding(new Insets(4, 8, 4, 8));
        setAlignment(Pos.CENTER_LEFT);
        Button back = new Button(null, Icons.icon(Icons.STEP_BACK));
        back.setId("hop-back");
        Tips.set(back, "One hop back (Alt+Left)");
        back.setOnAction(e -> vm.stepBack());
        Button play = new Button(null, Icons.icon(Icons.PLAY));
        play.setId("play-pause");
        Tips.set(play, "Play or pause the packets of the last step (F8)");
        play.setOnAction(e -> vm.togglePlay());
        FxBind.run(vm.playing(), p -> play.setGraphic(Icons.icon(p ? Icons.PAUSE : Icons.PLAY)));
        Button fwd = new Button(null, Icons.icon(Icons.STEP));
        fwd.setId("hop-forward");
        Tips.set(fwd, "One hop forward (Alt+Right)");
        fwd.setOnAction(e -> vm.stepForward());

        Slider position = new Slider(0, 1, 0);
        position.setId("animation-position");
        HBox.setHgrow(position, Priority.ALWAYS);
        FxBind.run(vm.duration(), d -> position.setMax(Math.max(0.001, d)));
        FxBind.run(vm.time(), t -> {
            if (!position.isValueChanging()) {
                scrubbing = true;
                position.setValue(t);
                scrubbing = false;
            }
        });
        position.valueProperty().addListener((o, a, b) -> {
            if (!scrubbing) {
                vm.pause();
                vm.seek(b.doubleValue());
            }
        });
        Label where = new Label();
        where.getStyleClass().add("animation-where");
        where.setMinWidth(Label.USE_PREF_SIZE);
        Runnable updateWhere = () -> {
            int n = vm.events().size();
            int c = vm.currentEvent().get() + 1;
            where.setText(n == 0 ? "no packets in this step" : "event " + c + " of " + n);
        };
        vm.currentEvent().subscribe(i -> updateWhere.run());
        vm.events().subscribe(new org.overlaylab.app.ui.base.ListValue.Listener<>() {
            @Override
            public void appended(java.util.List<AnimationViewModel.Event> all, int from) {
                updateWhere.run();
            }

            @Override
            public void replaced(java.util.List<AnimationViewModel.Event> all) {
                updateWhere.run();
            }
        });
        updateWhere.run();

        Label speedLabel = new Label("Speed");
        Slider speed = new Slider(-2, 3, 0);
        speed.setId("animation-speed");
        speed.setPrefWidth(110);
        Tips.set(speed, "From a quarter of normal speed to eight times");
        Label speedValue = new Label();
        speedValue.setMinWidth(44);
        FxBind.run(vm.speed(), s -> {
            speedValue.setText(String.format(java.util.Locale.ROOT, s < 1 ? "%.2g×" : "%.0f×", s));
            double log = Math.log(s) / Math.log(2);
            if (Math.abs(speed.getValue() - log) > 1e-6) {
                speed.setValue(log);
            }
        });
        speed.valueProperty().addListener((o, a, b) -> main.setSpeed(Math.pow(2, b.doubleValue())));
        javafx.scene.control.ToggleButton control = new javafx.scene.control.ToggleButton("Control plane");
        control.setId("animate-control-plane");
        Tips.set(control, 
                "Animate control-plane frames (BGP, etcd, gossip, ARP) as dark diamonds besides the data plane");
        control.setSelected(vm.showControlPlane().get());
        control.selectedProperty().addListener((o, a, b) -> {
            if (b != vm.showControlPlane().get()) {
                main.setAnimateControlPlane(b);
            }
        });
        FxBind.run(vm.showControlPlane(), control::setSelected);
        control.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addAll(back, play, fwd, position, where, speedLabel, speed, speedValue, control);
    }
}
