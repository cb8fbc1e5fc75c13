/*
 * The ssh backend's two questions as dialogs: a host key this machine has not seen before (trust
 * once, trust and remember in known_hosts, or refuse), and the passphrase of an encrypted private
 * key. The backend asks from the lab's worker thread; the question waits for the user's answer on
 * the JavaFX thread. The passphrase lives only in the char array handed back.
 */
package org.overlaylab.app.ui.view;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.overlaylab.hosts.ssh.HostKeyPrompt;
import org.overlaylab.hosts.ssh.PassphrasePrompt;

public final class SshPrompts implements HostKeyPrompt, PassphrasePrompt {
    static final ButtonType TRUST_AND_REMEMBER = new ButtonType("Trust and remember", ButtonBar.ButtonData.YES);
    static final ButtonType TRUST_ONCE = new ButtonType("Trust this time", ButtonBar.ButtonData.OTHER);
    static final ButtonType REFUSE_KEY = new ButtonType("Refuse", ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Supplier<Window> owner;

    public SshPrompts(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Decision unknownHostKey(String host, String address, int port, String keyType, String fingerprint) {
        return onFxThread(() -> {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", TRUST_AND_REMEMBER, TRUST_ONCE, REFUSE_KEY);
            initOwner(a);
            a.setTitle("OverlayLab: new host key");
            a.setHeaderText(host + " (" + address + (port == 22 ? "" : ":" + port) + ") shows a host key this machine has not seen");
            Label text = new Label(keyType + " key fingerprint is " + fingerprint + "\n\n"
                    + "Compare it with the VM's own (ssh-keygen -lf /etc/ssh/ssh_host_" + keyType.toLowerCase()
                    + "_key.pub on the VM) before you trust it. \"Trust and remember\" adds it to known_hosts, "
                    + "so the next run does not ask; a key that later changes is refused.");
            text.setWrapText(true);
            text.setId("host-key-text");
            a.getDialogPane().setContent(text);
            a.getDialogPane().setId("host-key-dialog");
            a.getDialogPane().setPrefWidth(620);
            ButtonType answer = a.showAndWait().orElse(REFUSE_KEY);
            return answer == TRUST_AND_REMEMBER ? Decision.ACCEPT_AND_REMEMBER
                    : answer == TRUST_ONCE ? Decision.ACCEPT_ONCE : Decision.REFUSE;
        }, Decision.REFUSE);
    }

    @Override
    public char[] passphrase(Path keyFile, int attempt) {
        return onFxThread(() -> {
            Dialog<char[]> d = new Dialog<>();
            initOwner(d);
            d.setTitle("OverlayLab: key passphrase");
            d.setHeaderText((attempt > 0 ? "Wrong passphrase. " : "") + "The private key " + keyFile + " is encrypted");
            PasswordField field = new PasswordField();
            field.setId("passphrase");
            field.setPromptText("passphrase");
            Label note = new Label("Used once to open the key; it is not saved anywhere.");
            note.setWrapText(true);
            d.getDialogPane().setContent(new VBox(8, field, note));
            d.getDialogPane().setId("passphrase-dialog");
            d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
            d.setResultConverter(b -> b == ButtonType.OK ? field.getText().toCharArray() : null);
            Platform.runLater(field::requestFocus);
            char[] answer = d.showAndWait().orElse(null);
            field.clear();
            return answer;
        }, null);
    }

    private void initOwner(Dialog<?> d) {
        Window w = owner.get();
        if (w != null) {
            d.initOwner(w);
        }
    }

    /** Runs a question on the JavaFX thread and waits for it; an interrupted wait (the step was cancelled) gives the fallback. */
    private static <T> T onFxThread(Supplier<T> question, T fallback) {
        if (Platform.isFxApplicationThread()) {
            return question.get();
        }
        FutureTask<T> task = new FutureTask<>(question::get);
        Platform.runLater(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (ExecutionException e) {
            return fallback;
        }
    }
}
