/*
 * What every backend (simulator, network namespaces, SSH to VMs) does for the step engine and the
 * UI, which never know which one they talk to: bring a lab's hosts up, run a command line on a
 * host, observe the whole state as one Topology, capture frames, and go back to the fresh lab.
 */
package org.overlaylab.model.backend;

import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.topology.Topology;

public interface Backend extends AutoCloseable {

    /** Short name as the CLI and the backend picker show it: "sim", "netns", "ssh". */
    String kind();

    /**
     * Makes the lab's hosts exist in their state before step 1 (fresh VMs with Docker installed).
     * Throws with a message fit for the user when the hosts cannot be prepared.
     */
    void start(Lab lab, BackendOptions options) throws BackendException;

    /**
     * Runs one command line on one host and waits for it to end, or to be stopped after
     * {@link CommandRequest#stopAfter()} as Ctrl-C would. A command that fails is a result with
     * its exit status and message, not an exception; BackendException means the host itself could
     * not be reached or the backend broke, and the message says why.
     */
    CommandResult run(CommandRequest request) throws BackendException;

    /**
     * Runs a command a person typed: its output reaches {@code live} as it is written, and
     * {@link LiveOutput#interrupted()} stops it as Ctrl-C would. The simulator lets virtual time pass
     * at the wall clock's pace here, so ping prints a line a second as it does on a real host. The
     * returned result holds the whole output as {@link #run(CommandRequest)} would return it.
     */
    default CommandResult run(CommandRequest request, LiveOutput live) throws BackendException {
        CommandResult result = run(request);
        live.write(result.output());
        return result;
    }

    /** Starts a command that runs while the step goes on (tcpdump during a ping); stop it for its output. */
    BackgroundCommand startBackground(CommandRequest request) throws BackendException;

    /** The state of every host right now. */
    Topology observe() throws BackendException;

    /**
     * Delivers every frame seen at a capture point from now on, until the returned handle is closed.
     * {@link CapturePoint#ANY} asks for every interface of every host, which only the simulator
     * can give cheaply; real backends capture on the points they are asked for.
     */
    CaptureHandle capture(CapturePoint point, FrameListener listener) throws BackendException;

    /** Back to the state {@link #start} made, throwing away everything the steps did. */
    void reset() throws BackendException;

    /** Tears down everything this backend made. Never throws; problems are logged. */
    @Override
    void close();
}
