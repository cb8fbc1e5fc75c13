/*
 * The question asked before a lab file that is not built in runs on a real backend: its hosts,
 * the programs its commands call and the commands themselves, with Run and Cancel (the default:
 * Enter or Escape does not run it).
 */
package org.overlaylab.app.ui.view;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.overlaylab.labfile.LabSummary;

public final class TrustLabDialog {
    static final ButtonType RUN = new ButtonType("Run", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Supplier<Window> owner;

    public TrustLabDialog(Supplier<Window> owner) {
        this.owner = owner;
    }

    /** True when the person chose Run; waits for the answer on the JavaFX thread from any thread. */
    public boolean ask(String backend, LabSummary summary) {
        return onFxThread(() -> show(backend, summary));
    }

    /**
     * True when the person agreed that the ssh backend connect to the addresses the lab names
     * (no hosts file chosen); Cancel is the default.
     */
    public boolean askLabAddresses(String lab, java.util.List<String> hostAddresses) {
        return onFxThread(() -> {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", RUN, CANCEL);
            Window w = owner.get();
            if (w != null) {
                a.initOwner(w);
            }
            a.setTitle("OverlayLab: connect to the lab's addresses?");
            a.setHeaderText("No hosts file is chosen for the ssh backend. Connect over SSH, as the current user, "
                    + "to the addresses " + lab + " names?");
            Label which = new Label(String.join("\n", hostAddresses)
                    + "\n\nChoose a hosts file in the Hosts menu to name other machines.");
            which.setWrapText(true);
            a.getDialogPane().setContent(which);
            a.getDialogPane().setId("lab-addresses-dialog");
            ((Button) a.getDialogPane().lookupButton(RUN)).setText("Connect");
            ((Button) a.getDialogPane().lookupButton(RUN)).setDefaultButton(false);
            ((Button) a.getDialogPane().lookupButton(CANCEL)).setDefaultButton(true);
            return a.showAndWait().orElse(CANCEL) == RUN;
        });
    }

    private static boolean onFxThread(java.util.concurrent.Callable<Boolean> question) {
        if (Platform.isFxApplicationThread()) {
            try {
                return question.call();
            } catch (Exception e) {
                return false;
            }
        }
        FutureTask<Boolean> task = new FutureTask<>(question);
        Platform.runLater(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private boolean show(String backend, LabSummary s) {
        Alert a = new Alert(Alert.AlertType.WARNING, "", RUN, CANCEL);
        Window w = owner.get();
        if (w != null) {
            a.initOwner(w);
        }
        a.setTitle("OverlayLab: run a lab file on " + backend + "?");
        a.setHeaderText(s.file() + " is not a built-in lab. On the " + backend + " backend its commands run "
                + (backend.equals("ssh") ? "on the machines you named, with sudo." : "as root on this machine."));
        Label what = new Label("Run it only if you trust where it came from. It has "
                + s.hosts().size() + (s.hosts().size() == 1 ? " host" : " hosts") + " and calls "
                + String.join(", ", s.programs()) + ".");
        what.setWrapText(true);
        what.setId("trust-lab-programs");
        StringBuilder details = new StringBuilder("Hosts\n");
        s.hosts().forEach(h -> details.append("  ").append(h).append('\n'));
        details.append("\nPrograms it calls\n  ").append(String.join(", ", s.programs())).append("\n\nCommands\n");
        s.commands().forEach(c -> details.append("  ").append(c.replace("\n", "\n    ")).append('\n'));
        TextArea text = new TextArea(details.toString());
        text.setEditable(false);
        text.setWrapText(false);
        text.setPrefRowCount(16);
        text.setId("trust-lab-details");
        a.getDialogPane().setContent(new VBox(8, what, text));
        a.getDialogPane().setId("trust-lab-dialog");
        a.getDialogPane().setPrefWidth(720);
        ((Button) a.getDialogPane().lookupButton(RUN)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(CANCEL)).setDefaultButton(true);
        return a.showAndWait().orElse(CANCEL) == RUN;
    }
}
