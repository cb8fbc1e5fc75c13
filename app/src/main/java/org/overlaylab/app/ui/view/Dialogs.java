/*
 * Dialogs: a problem with its details listed (a lab file's line:column: message lines), the
 * catch-all for unexpected errors, which says what happened and lets the app keep running, and the
 * choice of what a handout shows (this session's steps on its backend, or a fresh run on the simulator).
 */
package org.overlaylab.app.ui.view;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.overlaylab.app.ui.vm.MainViewModel;

public final class Dialogs {
    private Dialogs() {}

    /** Builds (does not show) the dialog for a problem. */
    public static Alert problem(Window owner, MainViewModel.Problem p) {
        Alert a = new Alert(Alert.AlertType.ERROR, "", ButtonType.OK);
        a.initOwner(owner);
        a.setTitle("OverlayLab");
        a.setHeaderText(p.title());
        Label message = new Label(p.message());
        message.setWrapText(true);
        VBox box = new VBox(8, message);
        if (!p.details().isEmpty()) {
            TextArea details = new TextArea(String.join("\n", p.details()));
            details.setId("problem-details");
            details.setEditable(false);
            details.setWrapText(false);
            details.getStyleClass().add("problem-details");
            details.setPrefRowCount(Math.min(14, p.details().size() + 1));
            details.setPrefColumnCount(70);
            VBox.setVgrow(details, Priority.ALWAYS);
            box.getChildren().add(details);
        }
        a.getDialogPane().setContent(box);
        a.getDialogPane().setId("problem-dialog");
        a.setResizable(true);
        return a;
    }

    /** What a handout is made from. */
    public enum HandoutSource { SESSION, SIMULATOR }

    /**
     * Builds the dialog that asks what the handout shows, naming the backend each choice comes from;
     * without steps run (`done` null) only the simulator is offered. Its result: the button's source,
     * or null (Cancel).
     */
    public static javafx.scene.control.Dialog<HandoutSource> handoutSource(Window owner, String labTitle, int steps,
                                                                           MainViewModel.SessionSteps done) {
        javafx.scene.control.Dialog<HandoutSource> d = new javafx.scene.control.Dialog<>();
        d.initOwner(owner);
        d.setTitle("Export handout");
        d.setHeaderText("What should the handout of " + labTitle + " show?");
        String simulator = "Every step of the lab, run again on the simulator with the tasks solved (their solutions "
                + "left out).";
        ButtonType fresh = new ButtonType("Every step on the simulator", javafx.scene.control.ButtonBar.ButtonData.OTHER);
        ButtonType cancel = ButtonType.CANCEL;
        Label message;
        if (done == null) {
            message = new Label("No step has run in this session yet. " + simulator);
            d.getDialogPane().getButtonTypes().setAll(fresh, cancel);
        } else {
            int n = done.results().size();
            message = new Label("This session: " + (n == 1 ? "step 1" : "steps 1 to " + n) + " of " + steps
                    + " as they ran here on the " + done.backend() + " backend, with their output (what you typed at the "
                    + "prompts is left out).\nOr: " + simulator);
            ButtonType session = new ButtonType("This session (" + done.backend() + ")",
                    javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
            d.getDialogPane().getButtonTypes().setAll(session, fresh, cancel);
        }
        message.setWrapText(true);
        message.setPrefWidth(460);
        message.setId("handout-source-message");
        d.getDialogPane().setContent(message);
        d.getDialogPane().setId("handout-source-dialog");
        d.setResultConverter(b -> b == fresh ? HandoutSource.SIMULATOR
                : b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.OK_DONE ? HandoutSource.SESSION : null);
        return d;
    }

    /** Builds the dialog for an unexpected exception. */
    public static Alert unexpected(Window owner, Throwable t) {
        Alert a = new Alert(Alert.AlertType.ERROR, "", ButtonType.OK);
        if (owner != null) {
            a.initOwner(owner);
        }
        a.setTitle("OverlayLab");
        a.setHeaderText("Something went wrong, but the lab is still open");
        Label message = new Label("What you were doing did not finish: " + (t.getMessage() == null
                ? t.getClass().getSimpleName() : t.getMessage()) + "\nYou can go on working; if it happens again, "
                + "the details below help to find the cause.");
        message.setWrapText(true);
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        TextArea trace = new TextArea(sw.toString());
        trace.setEditable(false);
        trace.setPrefRowCount(10);
        trace.getStyleClass().add("problem-details");
        a.getDialogPane().setContent(new VBox(8, message, trace));
        a.getDialogPane().setId("unexpected-dialog");
        a.setResizable(true);
        return a;
    }
}
