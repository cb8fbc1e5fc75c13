/*
 * Tooltips, made on first hover: resting the pointer on an icon-only button shows what it does,
 * and its text is the control's accessible help before anyone hovers it.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

@Tag("ui")
class TooltipsUiTest {
    @Test
    void restingOnTheHopBackButtonShowsWhatItDoes() throws Exception {
        FxRobot robot = new FxRobot();
        try (AppDriver app = AppDriver.open()) {
            Button back = robot.lookup("#hop-back").queryAs(Button.class);
            assertThat(app.fx(back::getAccessibleHelp)).isEqualTo("One hop back (Alt+Left)");
            robot.moveTo(back);
            robot.moveBy(2, 1);
            app.waitUntil(Duration.ofSeconds(5), () -> back.getTooltip() != null);
            robot.moveBy(1, 1);
            app.waitUntil(Duration.ofSeconds(5), () -> Window.getWindows().stream()
                    .anyMatch(w -> w instanceof Tooltip t && t.isShowing() && t.getText().equals("One hop back (Alt+Left)")));
            robot.moveTo("#lab-picker");
        }
    }
}
