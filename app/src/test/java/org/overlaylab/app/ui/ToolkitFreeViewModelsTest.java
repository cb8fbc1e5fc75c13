/*
 * Keeps view models testable without a toolkit: nothing outside the view package and the app class
 * may import JavaFX (checked on the sources, so a new file cannot slip through).
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ToolkitFreeViewModelsTest {

    @Test
    void onlyViewsImportJavaFx() throws IOException {
        Path ui = Path.of("src/main/java/org/overlaylab/app/ui");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(ui)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(ui.resolve("view")) && !p.startsWith(ui.resolve("bench"))
                            && !p.getFileName().toString().equals("DesktopApp.java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("import javafx.");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
