/*
 * The task panel, shown while the current step is a task: what to achieve, each check (green once
 * it holds, re-evaluated after every command), Hint (one at a time) and Solution (revealed and
 * recorded for the report), and how far the student is.
 */
package org.overlaylab.app.ui.view;

import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.app.ui.vm.TasksViewModel;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.TaskStatus;

public final class TaskPane extends VBox {
    private final TasksViewModel vm;
    private final Label heading = new Label();
    private final Label text = new Label();
    private final VBox checks = new VBox(2);
    private final VBox hints = new VBox(3);
    private final Label solution = new Label();
    private final Label progress = new Label();

    public TaskPane(MainViewModel main) {
        super(6);
        this.vm = main.tasks();
        setId("task-pane");
        getStyleClass().add("task-pane");
        heading.getStyleClass().add("task-heading");
        heading.setWrapText(true);
        text.getStyleClass().add("task-text");
        text.setWrapText(true);
        text.setId("task-text");
        for (Label l : new Label[] {heading, text, solution, progress}) {
            l.setMinHeight(Label.USE_PREF_SIZE);
        }
        checks.setId("task-checks");
        hints.setId("task-hints");
        solution.setId("task-solution");
        solution.getStyleClass().add("task-solution");
        solution.setWrapText(true);
        progress.setId("task-progress");
        progress.getStyleClass().add("task-progress");
        progress.setWrapText(true);
        Button hint = new Button("Hint");
        hint.setId("task-hint");
        Tips.set(hint, "Show the next hint (counted in the report)");
        hint.setOnAction(e -> main.hint());
        Button show = new Button("Solution");
        show.setId("task-show-solution");
        Tips.set(show, "Show the commands that solve the task (recorded in the report)");
        show.setOnAction(e -> main.solution());
        FxBind.run(vm.canHint(), can -> hint.setDisable(!can));
        HBox buttons = new HBox(6, hint, show);
        getChildren().addAll(heading, text, checks, buttons, hints, solution, progress);

        FxBind.run(vm.current(), this::show);
        FxBind.run(vm.progress(), p -> {
            progress.setText(p);
            progress.getStyleClass().remove("solved");
            if (vm.current().get() != null && vm.current().get().passing()) {
                progress.getStyleClass().add("solved");
            }
        });
        vm.hints().subscribe(rebuildOn(() -> {
            hints.getChildren().clear();
            int n = 1;
            for (String h : vm.hints().items()) {
                Label l = new Label("Hint " + n++ + ": " + h);
                l.getStyleClass().add("task-hint");
                l.setWrapText(true);
                l.setMinHeight(Label.USE_PREF_SIZE);
                hints.getChildren().add(l);
            }
        }));
        vm.solution().subscribe(rebuildOn(() -> {
            List<String> lines = vm.solution().items();
            solution.setText(String.join("\n", lines));
            solution.setVisible(!lines.isEmpty());
            solution.setManaged(!lines.isEmpty());
        }));
        solution.setVisible(false);
        solution.setManaged(false);
    }

    private void show(TaskStatus t) {
        setVisible(t != null);
        setManaged(t != null);
        if (t == null) {
            return;
        }
        heading.setText("Task · step " + t.stepNumber() + ": " + t.title());
        text.setText(t.text());
        checks.getChildren().clear();
        for (CheckResult c : t.checks()) {
            Label l = new Label((c.passed() ? "✔ " : "○ ") + c.description());
            l.getStyleClass().addAll("task-check", c.passed() ? "check-pass" : "check-pending");
            l.setWrapText(true);
            l.setMinHeight(Label.USE_PREF_SIZE);
            checks.getChildren().add(l);
        }
    }

    private static <T> ListValue.Listener<T> rebuildOn(Runnable r) {
        return new ListValue.Listener<>() {
            @Override
            public void appended(List<T> all, int from) {
                r.run();
            }

            @Override
            public void replaced(List<T> all) {
                r.run();
            }
        };
    }
}
