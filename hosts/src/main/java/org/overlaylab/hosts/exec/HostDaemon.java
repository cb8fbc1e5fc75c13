/*
 * A long-running program the backend started on a lab host (dockerd, etcd, ovsdb-server,
 * ovs-vswitchd, bird) and keeps track of: whether it runs, how it ended, the tail of its log.
 */
package org.overlaylab.hosts.exec;

import java.time.Duration;
import java.util.List;

public interface HostDaemon {

    String name();

    long pid();

    boolean alive();

    /** The command as it was run on the host. */
    List<String> command();

    /** "running", "stopped" (the backend stopped it) or "failed" (it died by itself). */
    String state();

    /** The exit status once it ended, else null. */
    Integer exitCode();

    String logTail(int lines);

    /** Why it failed, in a few lines of its log. */
    String failureSummary();

    /** SIGTERM, then SIGKILL after the grace time; returns once it is gone. */
    void stop(Duration grace);

    /** Waits until it has died, up to the given time; true if it did. */
    boolean awaitExit(Duration d);
}
