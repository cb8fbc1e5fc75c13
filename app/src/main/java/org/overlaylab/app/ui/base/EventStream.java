/* One-off notices from a view model to its view (show this error, scroll there), not state to bind to. */
package org.overlaylab.app.ui.base;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

public final class EventStream<T> {
    private final List<Consumer<? super T>> listeners = new ArrayList<>();

    public void emit(T event) {
        for (Consumer<? super T> l : List.copyOf(listeners)) {
            l.accept(event);
        }
    }

    public Subscription subscribe(Consumer<? super T> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
