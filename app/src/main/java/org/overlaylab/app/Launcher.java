/*
 * Entry point of overlay-lab.jar: with no arguments it opens the desktop app, otherwise it runs
 * the command line. It does not extend Application, so the jar starts with JavaFX on the class path;
 * before the desktop, the JavaFX libraries of this OS come out of the jar (JavaFxNatives).
 */
package org.overlaylab.app;

import org.overlaylab.app.cli.OverlayLabCommand;
import org.overlaylab.app.ui.DesktopApp;

public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            try {
                JavaFxNatives.prepare();
            } catch (RuntimeException e) {
                System.err.println("overlay-lab: " + e.getMessage());
                System.exit(2);
            }
            DesktopApp.launchDesktop(args);
            return;
        }
        System.exit(OverlayLabCommand.execute(args));
    }
}
