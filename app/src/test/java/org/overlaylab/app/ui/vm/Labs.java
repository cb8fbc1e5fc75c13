/* Test helpers: a main view model on the real simulator with every thread replaced by direct calls, so tests need no toolkit. */
package org.overlaylab.app.ui.vm;

import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.model.backend.BackendRegistry;

final class Labs {
    private Labs() {}

    static MainViewModel mainOnSimulator() {
        return new MainViewModel(BackendRegistry.load(), UiThread.direct(), name -> Worker.direct(), Runnable::run,
                SettingsStore.inMemory());
    }

    static void open(MainViewModel vm, String id) {
        vm.labs().items().stream().filter(c -> id.equals(c.builtInId())).findFirst().ifPresent(vm::chooseLab);
    }

    static void runAll(MainViewModel vm) {
        vm.steps().select(vm.steps().stepCount());
        vm.runToSelected();
    }
}
