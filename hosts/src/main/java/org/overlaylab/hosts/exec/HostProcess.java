/*
 * A script started on a lab host, wherever that host is (a local process entering a namespace, a
 * command over SSH): what it printed so far, Ctrl-C for everything it started, and a deadline.
 */
package org.overlaylab.hosts.exec;

import java.time.Duration;

public interface HostProcess {

    boolean alive();

    String stdoutSoFar();

    String stderrSoFar();

    /** From now on, the output as it arrives (stdout and stderr as read), after what came so far. */
    void watch(java.util.function.Consumer<String> watcher);

    /** SIGINT to the script and everything it started, as Ctrl-C in a terminal. */
    void interrupt();

    void kill();

    /** Waits for the end; past the deadline (null: none) everything is killed and the result says so. */
    Exec.Result await(Duration deadline);

    /** Ctrl-C after the given time, then a grace period, then the result. */
    Exec.Result awaitInterruptingAfter(Duration stopAfter, Duration deadline);
}
