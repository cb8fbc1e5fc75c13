/*
 * Every frame the simulator moves, as seen at each device: kept for the run (so the UI can replay
 * and animate them) and handed to whoever captures at a matching point (tcpdump in a lab step,
 * the packet view, pcap export).
 */
package org.overlaylab.simulator.net;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.FrameListener;

public final class FrameLog {
    private final List<CapturedFrame> frames = new ArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long sequence;
    /** What the packets of some traces changed, given by whoever sent them (a BGP UPDATE's routes). */
    private final java.util.Map<Long, List<org.overlaylab.model.backend.StateChange>> effectsByTrace =
            new java.util.HashMap<>();
    private boolean retain = true;

    private record Subscription(CapturePoint point, FrameListener listener) {}

    /** Whether frames are kept for later (off for floods in benchmarks). */
    public void setRetain(boolean retain) {
        this.retain = retain;
    }

    public synchronized List<CapturedFrame> frames() {
        return List.copyOf(frames);
    }

    public synchronized int size() {
        return frames.size();
    }

    public synchronized void clear() {
        frames.clear();
    }

    public boolean hasListeners() {
        return retain || !subscriptions.isEmpty();
    }

    public CaptureHandle subscribe(CapturePoint point, FrameListener listener) {
        Subscription s = new Subscription(point, listener);
        subscriptions.add(s);
        return new CaptureHandle() {
            @Override
            public CapturePoint point() {
                return point;
            }

            @Override
            public void close() {
                subscriptions.remove(s);
            }
        };
    }

    /** Every frame of this trace, at every hop, carries these changes of state as its effects. */
    public synchronized void annotate(long traceId, List<org.overlaylab.model.backend.StateChange> effects) {
        effectsByTrace.put(traceId, List.copyOf(effects));
    }

    public void record(long time, String host, String namespace, String device, CapturedFrame.Direction direction,
                       byte[] data, long traceId, int hop, String dropReason) {
        CapturedFrame f;
        synchronized (this) {
            f = new CapturedFrame(++sequence, time, host, namespace, device, direction, data, data.length, traceId, hop,
                    dropReason, effectsByTrace.getOrDefault(traceId, List.of()));
            if (retain) {
                frames.add(f);
            }
        }
        for (Subscription s : subscriptions) {
            if (s.point().matches(host, namespace, device)) {
                s.listener().onFrame(f);
            }
        }
    }
}
