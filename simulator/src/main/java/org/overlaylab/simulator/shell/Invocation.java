/*
 * Everything a simulated program sees when it runs: the world, the host and namespace it runs in
 * (a container's when called through `docker exec`), its arguments and environment, stdin, and
 * where its output goes. Notes are explanations the console shows apart from the output.
 */
package org.overlaylab.simulator.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

public final class Invocation {
    /**
     * How the command was started: in the foreground, with a trailing '&', as a daemon left
     * running, or alongside the rest of a lab step (stopped when the step ends).
     */
    public enum Mode { FOREGROUND, BACKGROUND_JOB, KEEPS_RUNNING, STEP_BACKGROUND }

    /** Which userland answers: the host's (Ubuntu), a busybox image's, or a CentOS image's. */
    public enum Userland { HOST, BUSYBOX, CENTOS }

    public final SimWorld world;
    public final SimHost host;
    public final NetNs ns;
    public final List<String> args;
    public final Map<String, String> env;
    public final String stdin;
    public final boolean root;
    public final Mode mode;
    /** Virtual nanoseconds after which a Ctrl-C arrives, or null. */
    public final Long stopAfterNanos;
    public final Userland userland;
    /** Name of the container the command runs in, or null on the host. */
    public final String container;
    /** Where the program prints; out and err are its two streams, in the order it wrote to them. */
    public final Streams streams = new Streams();
    public final Streams.Stream out = streams.out;
    public final Streams.Stream err = streams.err;
    public final List<String> notes = new ArrayList<>();

    public Invocation(SimWorld world, SimHost host, NetNs ns, List<String> args, Map<String, String> env, String stdin,
                      boolean root, Mode mode, Long stopAfterNanos, Userland userland, String container) {
        this.world = world;
        this.host = host;
        this.ns = ns;
        this.args = List.copyOf(args);
        this.env = env;
        this.stdin = stdin == null ? "" : stdin;
        this.root = root;
        this.mode = mode;
        this.stopAfterNanos = stopAfterNanos;
        this.userland = userland;
        this.container = container;
    }

    /** The same context with other arguments: for wrappers and subcommands. */
    public Invocation withArgs(List<String> newArgs) {
        Invocation i = new Invocation(world, host, ns, newArgs, env, stdin, root, mode, stopAfterNanos, userland, container);
        return i;
    }

    public String program() {
        return args.get(0);
    }

    public List<String> rest() {
        return args.subList(1, args.size());
    }

    public Invocation print(String text) {
        out.append(text);
        return this;
    }

    public Invocation println(String line) {
        out.append(line).append('\n');
        return this;
    }

    public int fail(int status, String message) {
        err.append(message);
        if (!message.endsWith("\n")) {
            err.append('\n');
        }
        return status;
    }

    public void note(String text) {
        notes.add(text);
    }

    public String cwd() {
        return host.shell().cwd();
    }
}
