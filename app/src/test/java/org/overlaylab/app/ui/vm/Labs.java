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

    /** Runs the tutorial's steps: up to the step before the lab's first task (every step when it has none). */
    static void runTutorial(MainViewModel vm) {
        var steps = vm.lab().get().lab().steps();
        int last = steps.size();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isTask()) {
                last = i;
                break;
            }
        }
        vm.steps().select(last);
        vm.runToSelected();
    }

    /** Runs every step; a task on the way is solved by typing its solution, as a student would. */
    static void runAll(MainViewModel vm) {
        for (int round = 0; round < 50; round++) {
            vm.steps().select(vm.steps().stepCount());
            vm.runToSelected();
            if (!solveTask(vm) || vm.steps().completed().get() == vm.steps().stepCount()) {
                return;
            }
        }
    }

    /** Types the current task's solution (revealed with the Solution button) into the terminals. */
    static boolean solveTask(MainViewModel vm) {
        if (vm.tasks().current().get() == null || vm.tasks().current().get().passing()) {
            return false;
        }
        vm.solution();
        for (var c : vm.tasks().solutionCommands()) {
            vm.console().terminal(c.host(), null).submit(c.line());
        }
        return true;
    }
}
