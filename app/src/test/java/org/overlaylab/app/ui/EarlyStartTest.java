/*
 * The desktop's early start: work the view model posts before the JavaFX toolkit runs is held, and
 * reaches the UI thread in order once released; work posted after goes straight through.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStartTest {
    @Test
    void workPostedBeforeTheToolkitRunsWaitsAndKeepsItsOrder() {
        List<Runnable> posted = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        EarlyStart.HeldUiThread ui = new EarlyStart.HeldUiThread(posted::add);
        ui.post(() -> ran.add("first"));
        ui.post(() -> ran.add("second"));
        assertThat(posted).isEmpty();
        ui.release();
        ui.post(() -> ran.add("third"));
        posted.forEach(Runnable::run);
        assertThat(ran).containsExactly("first", "second", "third");
    }

    @Test
    void withoutAnEarlyStartTheWindowMakesItsOwnViewModel() {
        assertThat(EarlyStart.take()).isNull();
    }
}
