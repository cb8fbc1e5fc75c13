/*
 * A loopback listener in the root namespace whose connections are carried to an address inside a
 * lab namespace: how gRPC clients (jetcd) that open their own sockets reach a lab's etcd. Only
 * 127.0.0.1 listens, so nothing outside this machine can use it.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public TcpRelay(NetnsSockets sockets, Path netns, String host, int port) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> acceptLoop(sockets, netns, host, port), "relay-" + netns.getFileName() + "-" + port);
        t.setDaemon(true);
        t.start();
    }

    public int localPort() {
        return server.getLocalPort();
    }

    private void acceptLoop(NetnsSockets sockets, Path netns, String host, int port) {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(client);
            Thread t = new Thread(() -> {
                try (Socket c = client; Socket target = sockets.connect(netns, host, port, 3000)) {
                    open.add(target);
                    Thread back = pump(target.getInputStream(), c.getOutputStream(), c);
                    pump(c.getInputStream(), target.getOutputStream(), target).join();
                    back.join();
                } catch (IOException | InterruptedException e) {
                    // the client sees the connection close
                } finally {
                    open.remove(client);
                }
            }, "relay-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private static Thread pump(InputStream in, OutputStream out, Socket shutdownOnEnd) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                try {
                    shutdownOnEnd.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        open.clear();
    }
}
