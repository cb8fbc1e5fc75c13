/*
 * Dialogs: a problem with its details listed (a lab file's line:column: message lines), and the
 * catch-all for unexpected errors, which says what happened and lets the app keep running.
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
