/*
 * Opens sockets inside a network namespace from this JVM. setns(2) moves only the calling thread,
 * and a socket belongs to the namespace of the thread that created it, so each namespace gets one
 * pinned thread that entered it once and creates sockets on request; the sockets then work from
 * any thread. This is how the backend reaches etcd, the DNS answerer and capture points without
 * giving the root namespace a route into the lab.
 */
package org.overlaylab.hosts.netns;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public final class NetnsSockets implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);
    }

    private final Map<Path, ExecutorService> threads = new ConcurrentHashMap<>();

    private ExecutorService threadFor(Path netns) {
        return threads.computeIfAbsent(netns, p -> {
            ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "netns-" + p.getFileName());
                t.setDaemon(true);
                return t;
            });
            ex.submit(() -> enter(p));
            return ex;
        });
    }

    private static Void enter(Path netns) throws IOException {
        int fd = LibC.INSTANCE.open(netns.toString(), O_RDONLY);
        if (fd < 0) {
            throw new IOException("cannot open network namespace " + netns + " (errno " + Native.getLastError() + ")");
        }
        try {
            if (LibC.INSTANCE.setns(fd, CLONE_NEWNET) != 0) {
                throw new IOException("setns into " + netns + " failed (errno " + Native.getLastError() + ")");
            }
        } finally {
            LibC.INSTANCE.close(fd);
        }
        return null;
    }

    private <T> T inside(Path netns, Callable<T> task, long timeoutMillis) throws IOException {
        Future<T> f = threadFor(netns).submit(task);
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c.getMessage(), c);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("no answer from " + netns.getFileName() + " within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** A TCP connection made from inside the namespace. */
    public Socket connect(Path netns, String host, int port, int timeoutMillis) throws IOException {
        return inside(netns, () -> {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), timeoutMillis);
            } catch (IOException e) {
                s.close();
                throw new IOException(host + ":" + port + ": " + e.getMessage(), e);
            }
            return s;
        }, timeoutMillis + 2000L);
    }

    /** A UDP socket bound inside the namespace. */
    public DatagramSocket bindUdp(Path netns, String address, int port) throws IOException {
        return inside(netns, () -> new DatagramSocket(new InetSocketAddress(address, port)), 5000);
    }

    @Override
    public void close() {
        threads.values().forEach(ExecutorService::shutdownNow);
        threads.clear();
    }
}
