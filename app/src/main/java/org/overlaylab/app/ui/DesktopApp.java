/*
 * The desktop application: a window listing the built-in labs. The full lab view (topology,
 * steps, packets, inspector) builds on it.
 */
package org.overlaylab.app.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.overlaylab.labfile.LabLoader;

public final class DesktopApp extends Application {

    public static void launchDesktop(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void start(Stage stage) throws Exception {
        ListView<String> labs = new ListView<>();
        for (var lab : LabLoader.builtIns()) {
            labs.getItems().add(lab.title() + "  (" + lab.steps().size() + " steps)");
        }
        BorderPane root = new BorderPane(labs);
        root.setTop(new Label("OverlayLab: multi-host container networking labs"));
        stage.setTitle("OverlayLab");
        stage.setScene(new Scene(root, 900, 600));
        stage.show();
    }
}
