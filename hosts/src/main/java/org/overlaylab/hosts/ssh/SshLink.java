/*
 * The SSH connection to one lab host, opened on first use and opened again after it broke (a host
 * that went away and came back). Runs command lines as the login user or, through `sudo -n` when
 * the login is not root, as root; forwards TCP connections to addresses the host can reach (its
 * own etcd on 127.0.0.1:2379) through local ports that only this machine's loopback listens on.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.backend.BackendException;

final class SshLink implements AutoCloseable {
    private final SshConnector connector;
    private final HostsFile.Entry entry;
    private final Duration connectTimeout;
    private final Map<String, ExplicitPortForwardingTracker> forwards = new ConcurrentHashMap<>();
    private ClientSession session;
    private volatile boolean closed;

    SshLink(SshConnector connector, HostsFile.Entry entry, Duration connectTimeout) {
        this.connector = connector;
        this.entry = entry;
        this.connectTimeout = connectTimeout;
    }

    HostsFile.Entry entry() {
        return entry;
    }

    /** The words that make a command run as root: none for root, else `sudo -n` (fails at once rather than asking). */
    String asRoot() {
        return entry.user().equals("root") ? "" : "sudo -n ";
    }

    /** The open session, connecting (or connecting again) when there is none. */
    synchronized ClientSession session() throws BackendException {
        if (closed) {
            throw new BackendException("the SSH connection to " + entry.name() + " was closed");
        }
        if (session != null && session.isOpen() && !session.isClosing()) {
            return session;
        }
        drop();
        session = connector.open(entry, connectTimeout);
        return session;
    }

    /** Whether a session is open now (without connecting). */
    synchronized boolean connected() {
        return session != null && session.isOpen() && !session.isClosing();
    }

    /** Forgets a session that no longer works, so the next use connects again. */
    synchronized void drop() {
        forwards.values().forEach(f -> {
            try {
                f.close();
            } catch (IOException ignored) {
                // the session is going anyway
            }
        });
        forwards.clear();
        SshConnector.closeQuietly(session);
        session = null;
    }

    /**
     * An exec channel for the command, opened. A channel that cannot be opened on a session that
     * looked alive means the host went away: the session is dropped and opened again once, which
     * says why it cannot be reached when it cannot.
     */
    ChannelExec open(String command, java.util.function.Consumer<ChannelExec> setup) throws IOException {
        for (int attempt = 0; ; attempt++) {
            ClientSession s;
            try {
                s = session();
            } catch (BackendException e) {
                throw new IOException(e.getMessage(), e);
            }
            ChannelExec ch = s.createExecChannel(command);
            setup.accept(ch);
            try {
                ch.open().verify(Duration.ofSeconds(15));
                return ch;
            } catch (SshChannelOpenException e) {
                // the host said no to this channel (too many at once, say): the session itself is fine
                ch.close(true);
                throw new IOException("host " + entry.name() + " (" + entry.address() + ") refused a new SSH channel: " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                ch.close(true);
                synchronized (this) {
                    if (session == s) {
                        drop();
                    }
                }
                if (attempt > 0) {
                    throw new IOException("host " + entry.name() + " (" + entry.address() + ") stopped answering: " + e.getMessage(), e);
                }
            }
        }
    }

    /** A TCP connection to address:port made by the host, through a local port forwarded over the session. */
    Socket connect(String address, int port, int timeoutMillis) throws IOException {
        String key = address + ":" + port;
        ExplicitPortForwardingTracker f;
        synchronized (this) {
            ClientSession s;
            try {
                s = session();
            } catch (BackendException e) {
                throw new IOException(e.getMessage(), e);
            }
            f = forwards.get(key);
            if (f == null || !f.isOpen()) {
                f = s.createLocalPortForwardingTracker(new SshdSocketAddress("127.0.0.1", 0),
                        new SshdSocketAddress(address, port));
                forwards.put(key, f);
            }
        }
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), f.getBoundAddress().getPort()), timeoutMillis);
        return socket;
    }

    /** Runs a short command line (already quoted for the login shell) and gives back what it printed. */
    Exec.Result run(String commandLine, String stdin, Duration deadline) throws IOException {
        return RemoteProcess.start(this, commandLine, stdin).await(deadline);
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
