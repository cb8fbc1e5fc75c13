/*
 * A value a view model exposes for views to read and follow. Plain Java on purpose: view models
 * are tested without a toolkit, and the JavaFX views adapt these into bindable properties.
 */
package org.overlaylab.app.ui.base;

import java.util.function.Consumer;

public interface ReadOnlyValue<T> {

    T get();

    /** Calls the listener with each new value (not with the current one). */
    Subscription subscribe(Consumer<? super T> listener);

    /** Calls the listener with the current value now and with every later value. */
    default Subscription observe(Consumer<? super T> listener) {
        listener.accept(get());
        return subscribe(listener);
    }
}
