/*
 * A command running on a lab host over one SSH exec channel, behaving as the local Exec.Running
 * does: output gathered as it comes, Ctrl-C for everything it started, a deadline after which it
 * is killed. Ctrl-C is `kill -INT` to the command's process group from a second channel, because
 * an SSH "signal" request reaches only the first process and not the ping it started; the group id
 * comes first on stderr (the `@@olab-pgid N` line the wrapper prints, taken out of the output).
 */
package org.overlaylab.hosts.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostProcess;
import org.overlaylab.hosts.exec.OutputTap;

final class RemoteProcess implements HostProcess {
    /** What the wrapper prints first on stderr: its process group. */
    static final String MARKER = "@@olab-pgid ";

    /**
     * Shell text to put in front of a bash script: prints the marker and, given a file, appends the
     * script's session id to it (how teardown finds what the lab's commands left running).
     */
    static String wrapper(String sessionsFile) {
        return "read -r _ _ _ _ __ol_pgid __ol_sid _ < /proc/$$/stat; printf '" + MARKER + "%s\\n' \"$__ol_pgid\" >&2\n"
                + (sessionsFile == null ? "" : "echo \"$__ol_sid\" >> " + Exec.quote(sessionsFile) + " 2>/dev/null\n")
                + "unset __ol_pgid __ol_sid\n";
    }

    private static final Map<String, Integer> SIGNALS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "ABRT", 6, "KILL", 9,
            "SEGV", 11, "PIPE", 13, "TERM", 15);

    private final SshLink link;
    private final ChannelExec channel;
    private final long startNanos = System.nanoTime();
    private final OutputTap tap = new OutputTap();
    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            tap.write(0, b, off, len);
        }
    };
    private final StderrWithMarker err = new StderrWithMarker(tap);
    private volatile boolean interrupted;
    private volatile boolean timedOut;

    private RemoteProcess(SshLink link, ChannelExec channel) {
        this.link = link;
        this.channel = channel;
    }

    /** Opens a channel for the command line (already quoted for the login shell) and feeds it stdin (null: none). */
    static RemoteProcess start(SshLink link, String commandLine, String stdin) throws IOException {
        return start(link, commandLine, stdin, false);
    }

    /** Like start, but stdout is left as a stream to read as it arrives ({@link #stdout()}): binary output, pcap. */
    static RemoteProcess streaming(SshLink link, String commandLine) throws IOException {
        return start(link, commandLine, null, true);
    }

    private static RemoteProcess start(SshLink link, String commandLine, String stdin, boolean streamOut) throws IOException {
        RemoteProcess[] made = new RemoteProcess[1];
        ChannelExec ch = link.open(commandLine, c -> {
            RemoteProcess p = new RemoteProcess(link, c);
            if (!streamOut) {
                c.setOut(p.out);
            }
            c.setErr(p.err);
            made[0] = p;
        });
        try (OutputStream in = ch.getInvertedIn()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the command did not read its input
        }
        return made[0];
    }

    /** The command's stdout as it arrives, for a process started with {@link #streaming}. */
    java.io.InputStream stdout() {
        return channel.getInvertedOut();
    }

    @Override
    public boolean alive() {
        return !channel.isClosed() && channel.getExitStatus() == null && channel.getExitSignal() == null;
    }

    @Override
    public String stdoutSoFar() {
        return tap.text(0);
    }

    @Override
    public String stderrSoFar() {
        return err.text();
    }

    @Override
    public void watch(java.util.function.Consumer<String> watcher) {
        tap.watch(watcher);
    }

    /** The command's process group, waiting a moment for the wrapper's first line; -1 when it never came. */
    private long pgid() {
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (err.pgid() < 0 && System.nanoTime() < until && !channel.isClosed()) {
            sleep(10);
        }
        return err.pgid();
    }

    private void signalGroup(String signal) {
        long g = pgid();
        if (g <= 1) {
            return;
        }
        try {
            link.run(link.asRoot() + "kill -" + signal + " -- -" + g + " 2>/dev/null", null, Duration.ofSeconds(5));
        } catch (IOException ignored) {
            // the host went away: there is nothing left to signal
        }
    }

    @Override
    public void interrupt() {
        interrupted = true;
        signalGroup("INT");
    }

    @Override
    public void kill() {
        signalGroup("KILL");
        channel.close(true);
    }

    private boolean ended() {
        return channel.getExitStatus() != null || channel.getExitSignal() != null || channel.isClosed();
    }

    @Override
    public Exec.Result await(Duration deadline) {
        long wait = deadline == null ? Long.MAX_VALUE / 4 : Math.max(1, deadline.toMillis());
        Set<ClientChannelEvent> seen = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                ClientChannelEvent.EXIT_SIGNAL), wait);
        if (seen.contains(ClientChannelEvent.TIMEOUT) && !ended()) {
            timedOut = true;
            signalGroup("KILL");
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                    ClientChannelEvent.EXIT_SIGNAL), 2000);
        }
        // children that inherited stdout (a daemon started with &) may keep the channel open
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 700);
        Integer status = channel.getExitStatus();
        String signal = channel.getExitSignal();
        channel.close(true);
        int exit;
        String e = err.text();
        if (status != null) {
            exit = status;
        } else if (signal != null) {
            exit = 128 + SIGNALS.getOrDefault(signal, 15);
        } else if (timedOut) {
            exit = 137;
        } else {
            exit = 255;
            e += (e.isEmpty() || e.endsWith("\n") ? "" : "\n") + "overlaylab: the SSH connection to " + link.entry().name() + " ("
                    + link.entry().address() + ") was lost while the command ran\n";
        }
        return new Exec.Result(exit, stdoutSoFar(), e, timedOut, interrupted, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    @Override
    public Exec.Result awaitInterruptingAfter(Duration stopAfter, Duration deadline) {
        Set<ClientChannelEvent> seen = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                ClientChannelEvent.EXIT_SIGNAL), Math.max(1, stopAfter.toMillis()));
        if (seen.contains(ClientChannelEvent.TIMEOUT) && !ended()) {
            interrupt();
            seen = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                    ClientChannelEvent.EXIT_SIGNAL), 3000);
            if (seen.contains(ClientChannelEvent.TIMEOUT) && !ended()) {
                signalGroup("KILL");
            }
        }
        return await(deadline);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** stderr as it arrives, with the wrapper's first line taken out and read as the process group. */
    private static final class StderrWithMarker extends OutputStream {
        private final OutputTap text;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private boolean headDone;
        private volatile long pgid = -1;

        StderrWithMarker(OutputTap text) {
            this.text = text;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int i = off;
            int end = off + len;
            while (!headDone && i < end) {
                byte c = b[i++];
                head.write(c);
                byte[] sofar = head.toByteArray();
                String s = new String(sofar, StandardCharsets.UTF_8);
                if (!MARKER.startsWith(s) && !s.startsWith(MARKER)) {
                    // no marker (a command run without the wrapper): everything is output
                    headDone = true;
                    text.write(1, sofar, 0, sofar.length);
                } else if (c == '\n' && s.startsWith(MARKER)) {
                    headDone = true;
                    try {
                        pgid = Long.parseLong(s.substring(MARKER.length()).strip());
                    } catch (NumberFormatException e) {
                        pgid = -1;
                    }
                }
            }
            if (i < end) {
                text.write(1, b, i, end - i);
            }
        }

        long pgid() {
            return pgid;
        }

        synchronized String text() {
            if (!headDone && head.size() > 0 && !new String(head.toByteArray(), StandardCharsets.UTF_8).startsWith(MARKER)) {
                return new String(head.toByteArray(), StandardCharsets.UTF_8);
            }
            return text.text(1);
        }
    }
}
