/*
 * The Help menu: Keyboard shortcuts lists the keys (Tab through the canvas among them), and Lab file
 * format opens the format's description (docs/lab-format.md, as the build copies it into the jar).
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

@Tag("ui")
class HelpMenuUiTest {
    @Test
    void helpShowsTheShortcutsAndTheLabFileFormat() throws Exception {
        FxRobot robot = new FxRobot();
        try (AppDriver app = AppDriver.open()) {
            robot.clickOn("#help-menu");
            robot.clickOn("Keyboard shortcuts");
            app.waitUntil(Duration.ofSeconds(5), () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
            DialogPane keys = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
            assertThat(keys.getContentText()).contains("F5 or Page Down", "Ctrl+Shift+H", "Tab / Shift+Tab", "Shift+F10");
            app.fx(() -> keys.getScene().getWindow().hide());

            robot.clickOn("#help-menu");
            robot.clickOn("Lab file format");
            app.waitUntil(Duration.ofSeconds(5), () -> robot.lookup("#lab-format-text").tryQuery().isPresent());
            TextArea text = robot.lookup("#lab-format-text").queryAs(TextArea.class);
            assertThat(text.getText()).startsWith("# The lab file format").contains("sections:", "hosts:");
            app.fx(() -> {
                Window w = text.getScene().getWindow();
                w.hide();
            });
        }
    }
}
