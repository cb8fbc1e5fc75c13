/*
 * The step panel: the run buttons, the lab's steps grouped by section with a mark for each (to do,
 * next, running, passed, failed), and for the selected step its explanation (with `code` set in
 * monospace), the commands it runs and how its checks fared.
 */
package org.overlaylab.app.ui.view;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.geometry.Orientation;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.app.ui.vm.StepsViewModel;
import org.overlaylab.model.session.CheckResult;

public final class StepPanel extends VBox {
    private final StepsViewModel vm;
    private final ListView<StepsViewModel.Item> list = new ListView<>();
    private final VBox detailBox = new VBox(8);
    private final SplitPane split;
    private boolean updatingSelection;

    public StepPanel(MainViewModel main) {
        this.vm = main.steps();
        getStyleClass().add("step-panel");
        setSpacing(6);
        setPadding(new Insets(8));

        Label title = new Label();
        title.getStyleClass().add("lab-title");
        title.setWrapText(true);
        title.setMinHeight(Label.USE_PREF_SIZE);
        title.setMaxWidth(Double.MAX_VALUE);
        title.textProperty().bind(FxBind.property(vm.labTitle()));

        Button run = button("Run step", Icons.PLAY, "Run the next step (F5 or Page Down)", main::runStep);
        run.setId("run-step");
        run.getStyleClass().add("primary");
        Button runTo = button("Run to here", Icons.RUN_TO,
                "Run every step up to the selected one, or go back to just after it (Shift+F5)", main::runToSelected);
        runTo.setId("run-to-here");
        Button back = button("Back", Icons.BACK, "Undo the last action: a step, or a command typed in a terminal (F6 or Page Up)", main::back);
        back.setId("back");
        Button reset = button("Reset", Icons.RESET, "Back to the fresh hosts, or start the hosts again after a failed start (Ctrl+Shift+R)", main::reset);
        reset.setId("reset");
        FxBind.run(main.canRun(), can -> run.setDisable(!can));
        FxBind.run(main.canBack(), can -> back.setDisable(!can));
        FxBind.run(main.started(), s -> runTo.setDisable(!s || main.busy().get()));
        FxBind.run(main.busy(), b -> {
            // a lab that failed to start can be reset, which starts it again
            reset.setDisable(b || main.lab().get() == null);
            runTo.setDisable(b || !main.started().get());
        });
        // wraps onto a second row in a narrow panel (a 1280-pixel screen) instead of cutting buttons off
        FlowPane buttons = new FlowPane(6, 6, run, runTo, back, reset);
        buttons.getStyleClass().add("step-buttons");

        list.setId("step-list");
        list.getStyleClass().add("step-list");
        list.setCellFactory(l -> new StepCell());
        FxBind.list(vm.items(), list.getItems());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!updatingSelection && b != null) {
                vm.select(b.number());
            }
        });
        FxBind.run(vm.selected(), n -> {
            updatingSelection = true;
            try {
                if (n >= 1 && n <= list.getItems().size()) {
                    list.getSelectionModel().select(n - 1);
                    list.scrollTo(Math.max(0, n - 2));
                } else {
                    list.getSelectionModel().clearSelection();
                }
            } finally {
                updatingSelection = false;
            }
        });
        vm.items().subscribe(new org.overlaylab.app.ui.base.ListValue.Listener<>() {
            @Override
            public void appended(List<StepsViewModel.Item> all, int from) {
                reselect();
            }

            @Override
            public void replaced(List<StepsViewModel.Item> all) {
                reselect();
            }
        });

        detailBox.getStyleClass().add("step-detail");
        detailBox.setPadding(new Insets(6, 10, 10, 6));
        ScrollPane detailScroll = new ScrollPane(detailBox);
        detailScroll.setFitToWidth(true);
        detailScroll.getStyleClass().add("step-detail-scroll");
        FxBind.run(vm.detail(), this::showDetail);

        split = new SplitPane(list, detailScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        VBox.setVgrow(split, Priority.ALWAYS);
        TaskPane task = new TaskPane(main);
        getChildren().addAll(title, buttons, split, task);
    }

    public SplitPane split() {
        return split;
    }

    private void reselect() {
        updatingSelection = true;
        try {
            int n = vm.selected().get();
            if (n >= 1 && n <= list.getItems().size()) {
                list.getSelectionModel().select(n - 1);
            }
        } finally {
            updatingSelection = false;
        }
    }

    private static Button button(String text, String icon, String tip, Runnable action) {
        Button b = new Button(text, Icons.icon(icon));
        Tips.set(b, tip);
        b.setOnAction(e -> action.run());
        b.setMinWidth(Button.USE_PREF_SIZE);
        return b;
    }

    private void showDetail(StepsViewModel.Detail d) {
        detailBox.getChildren().clear();
        if (d == null) {
            return;
        }
        Label head = new Label("Step " + d.number() + " of " + d.of() + " · " + d.section());
        head.getStyleClass().add("step-section");
        head.setWrapText(true);
        Label title = new Label(d.title());
        title.getStyleClass().add("step-title");
        title.setWrapText(true);
        detailBox.getChildren().addAll(head, title);
        if (!d.sectionIntro().isEmpty()) {
            Node intro = prose(d.sectionIntro());
            intro.getStyleClass().add("section-intro");
            detailBox.getChildren().add(intro);
        }
        if (!d.explanation().isEmpty()) {
            detailBox.getChildren().add(prose(d.explanation()));
        }
        if (!d.commands().isEmpty()) {
            Label cmds = new Label(String.join("\n", d.commands()));
            cmds.getStyleClass().add("step-commands");
            cmds.setWrapText(true);
            cmds.setMaxWidth(Double.MAX_VALUE);
            detailBox.getChildren().add(cmds);
        }
        if (!d.checks().isEmpty()) {
            VBox checks = new VBox(3);
            checks.getStyleClass().add("step-checks");
            for (CheckResult c : d.checks()) {
                Label l = new Label((c.passed() ? "✔ " : "✘ ") + c.description()
                        + (c.passed() || c.detail().isEmpty() ? "" : "\n    " + c.detail()));
                l.setWrapText(true);
                l.getStyleClass().add(c.passed() ? "check-pass" : "check-fail");
                checks.getChildren().add(l);
            }
            detailBox.getChildren().add(checks);
        }
        if (d.error() != null) {
            Label err = new Label("The step could not finish: " + d.error());
            err.setWrapText(true);
            err.getStyleClass().add("check-fail");
            detailBox.getChildren().add(err);
        }
    }

    /** Text with `code` spans set in monospace; blank lines separate paragraphs. */
    static TextFlow prose(String text) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add("prose");
        List<Text> parts = new ArrayList<>();
        String normalised = text.replaceAll("(?<!\n)\n(?!\n)", " ");
        boolean code = false;
        for (String piece : normalised.split("`", -1)) {
            if (!piece.isEmpty()) {
                Text t = new Text(piece);
                t.getStyleClass().add(code ? "prose-code" : "prose-text");
                parts.add(t);
            }
            code = !code;
        }
        flow.getChildren().addAll(parts);
        return flow;
    }

    /** A step row: its mark, number and title; the first step of a section shows the section above it. */
    private static final class StepCell extends ListCell<StepsViewModel.Item> {
        @Override
        protected void updateItem(StepsViewModel.Item item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(c -> c.startsWith("step-state-"));
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            getStyleClass().add("step-state-" + item.state().name().toLowerCase());
            Label mark = new Label(switch (item.state()) {
                case TODO -> "○";
                case NEXT -> "▶";
                case RUNNING -> "◌";
                case PASSED -> "✔";
                case FAILED -> "✘";
                case TASK -> "✎";
            });
            mark.getStyleClass().add("step-mark");
            mark.setMinWidth(20);
            Label text = new Label(item.number() + ". " + item.title());
            text.getStyleClass().add("step-row-title");
            text.setWrapText(true);
            HBox row = new HBox(6, mark, text);
            if (item.startsSection()) {
                Label section = new Label(item.section());
                section.getStyleClass().add("step-row-section");
                section.setWrapText(true);
                VBox box = new VBox(3, section, row);
                box.setMaxWidth(Double.MAX_VALUE);
                setGraphic(box);
            } else {
                setGraphic(row);
            }
            setText(null);
            setPrefWidth(0);
        }
    }
}
