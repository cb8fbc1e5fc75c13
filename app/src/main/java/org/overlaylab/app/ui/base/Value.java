/*
 * A settable value with change listeners. Confined to the UI thread like the view model that owns
 * it; listeners run only when the value really changes (by equals).
 */
package org.overlaylab.app.ui.base;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

public final class Value<T> implements ReadOnlyValue<T> {
    private final List<Consumer<? super T>> listeners = new ArrayList<>();
    private T value;

    public Value(T initial) {
        this.value = initial;
    }

    @Override
    public T get() {
        return value;
    }

    public void set(T newValue) {
        if (Objects.equals(value, newValue)) {
            return;
        }
        value = newValue;
        for (Consumer<? super T> l : List.copyOf(listeners)) {
            l.accept(newValue);
        }
    }

    @Override
    public Subscription subscribe(Consumer<? super T> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** This value seen through the read-only interface, so callers cannot set it. */
    public ReadOnlyValue<T> readOnly() {
        return new ReadOnlyValue<>() {
            @Override
            public T get() {
                return value;
            }

            @Override
            public Subscription subscribe(Consumer<? super T> listener) {
                return Value.this.subscribe(listener);
            }
        };
    }
}
