/* Adapters from the view models' plain observables to JavaFX properties and lists, for views to bind to. */
package org.overlaylab.app.ui.view;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;

public final class FxBind {
    private FxBind() {}

    /** A read-only JavaFX property that follows the value. */
    public static <T> ReadOnlyObjectProperty<T> property(ReadOnlyValue<T> value) {
        ReadOnlyObjectWrapper<T> w = new ReadOnlyObjectWrapper<>(value.get());
        value.subscribe(w::set);
        return w.getReadOnlyProperty();
    }

    /** Keeps a JavaFX list equal to the view model's list, appending where it only grew. */
    public static <T> void list(ListValue<T> source, ObservableList<T> target) {
        target.setAll(source.items());
        source.subscribe(new ListValue.Listener<>() {
            @Override
            public void appended(List<T> all, int from) {
                if (target.size() == from) {
                    target.addAll(all.subList(from, all.size()));
                } else {
                    target.setAll(all);
                }
            }

            @Override
            public void replaced(List<T> all) {
                target.setAll(all);
            }
        });
    }

    /** Calls the action with the current value and every later one. */
    public static <T> void run(ReadOnlyValue<T> value, Consumer<? super T> action) {
        value.observe(action);
    }
}
