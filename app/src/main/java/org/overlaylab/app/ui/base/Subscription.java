/* A registered listener that can be removed again; returned by every subscribe method of the view models. */
package org.overlaylab.app.ui.base;

@FunctionalInterface
public interface Subscription {

    void unsubscribe();
}
