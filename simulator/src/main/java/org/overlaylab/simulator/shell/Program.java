/* A simulated program: reads its invocation, changes the world, prints, and returns an exit status. */
package org.overlaylab.simulator.shell;

@FunctionalInterface
public interface Program {

    int run(Invocation inv);
}
