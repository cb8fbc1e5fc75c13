/*
 * A list a view model exposes: replaced as a whole or grown at the end, which is all the views
 * need (tables of a new step, console lines arriving). Listeners learn which of the two happened,
 * so a view can append rows instead of rebuilding. Confined to the UI thread.
 */
package org.overlaylab.app.ui.base;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class ListValue<T> {

    /** What a list listener hears. */
    public interface Listener<T> {
        /** The list now holds `all`; the elements from index `from` on are new. */
        void appended(List<T> all, int from);

        /** The list was replaced; `all` is its new content. */
        void replaced(List<T> all);
    }

    private final List<T> items = new ArrayList<>();
    private final List<T> view = Collections.unmodifiableList(items);
    private final List<Listener<T>> listeners = new ArrayList<>();

    public List<T> items() {
        return view;
    }

    public int size() {
        return items.size();
    }

    public T get(int index) {
        return items.get(index);
    }

    public void setAll(List<? extends T> content) {
        items.clear();
        items.addAll(content);
        for (Listener<T> l : List.copyOf(listeners)) {
            l.replaced(view);
        }
    }

    public void add(T item) {
        addAll(List.of(item));
    }

    public void addAll(List<? extends T> more) {
        if (more.isEmpty()) {
            return;
        }
        int from = items.size();
        items.addAll(more);
        for (Listener<T> l : List.copyOf(listeners)) {
            l.appended(view, from);
        }
    }

    public void clear() {
        setAll(List.of());
    }

    public Subscription subscribe(Listener<T> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
