/* The frame store: frames come back as they went in, memory stays bounded, numbering survives clearing. */
package org.overlaylab.app.ui.packets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;

class FrameStoreTest {

    static CapturedFrame frame(long seq, String host, String device, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (seq + i);
        }
        return new CapturedFrame(seq, 1_000_000_000L * seq, host, "host", device, CapturedFrame.Direction.OUT, data,
                size, seq / 3, (int) (seq % 3), seq % 10 == 9 ? "no route" : null);
    }

    @Test
    void framesComeBackAsTheyWentIn() {
        FrameStore store = new FrameStore();
        for (int i = 0; i < 100; i++) {
            assertThat(store.append(frame(i, "node" + (i % 2 + 1), "enp0s8", 60 + i))).isEqualTo(i);
        }
        StoredFrame f = store.get(42);
        assertThat(f.number()).isEqualTo(43);
        assertThat(f.host()).isEqualTo("node1");
        assertThat(f.device()).isEqualTo("enp0s8");
        assertThat(f.data()).isEqualTo(frame(42, "node1", "enp0s8", 102).data());
        assertThat(f.traceId()).isEqualTo(14);
        assertThat(store.get(49).dropReason()).isEqualTo("no route");
        assertThat(store.get(48).dropReason()).isNull();
        assertThat(store.placeCount()).isEqualTo(2);
    }

    @Test
    void keepsWhatAFrameChangedUntilTheFrameIsForgotten() {
        FrameStore store = new FrameStore();
        CapturedFrame plain = frame(0, "node1", "enp0s8", 60);
        var installs = new org.overlaylab.model.backend.StateChange("node2",
                org.overlaylab.model.backend.StateChange.Kind.ROUTE_ADDED, "10.20.33.192/26",
                "installs 10.20.33.192/26 via 192.168.205.10 on node2");
        CapturedFrame update = new CapturedFrame(1, 1_000_000_000L, "node1", "host", "enp0s8",
                CapturedFrame.Direction.OUT, new byte[90], 90, 7, 0, null, java.util.List.of(installs));
        store.append(plain);
        store.appendAll(java.util.List.of(update, plain));

        assertThat(store.effects(0)).isEmpty();
        assertThat(store.effects(1)).containsExactly(installs);
        assertThat(store.effects(2)).isEmpty();
        store.clear();
        int again = store.append(plain);
        assertThat(store.effects(again)).isEmpty();
        assertThatThrownBy(() -> store.effects(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void dropsTheOldestFramesPastItsBudget() {
        FrameStore store = new FrameStore(FrameStore.CHUNK * 2, 1L << 40);
        int total = FrameStore.CHUNK * 5 + 7;
        for (int i = 0; i < total; i++) {
            store.append(frame(i, "node1", "eth0", 64));
        }
        assertThat(store.endIndex()).isEqualTo(total);
        assertThat(store.size()).isLessThanOrEqualTo(FrameStore.CHUNK * 2);
        assertThat(store.contains(0)).isFalse();
        assertThat(store.contains(total - 1)).isTrue();
        assertThat(store.get(total - 1).data()).isEqualTo(frame(total - 1, "node1", "eth0", 64).data());
        assertThatThrownBy(() -> store.get(0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("not kept");
    }

    @Test
    void clearingForgetsFramesButKeepsCountingAndTellsListeners() {
        FrameStore store = new FrameStore();
        AtomicInteger calls = new AtomicInteger();
        store.addListener(calls::incrementAndGet);
        store.append(frame(0, "node1", "eth0", 60));
        store.append(frame(1, "node1", "eth0", 60));
        long generation = store.generation();
        store.clear();
        assertThat(store.size()).isZero();
        assertThat(store.generation()).isGreaterThan(generation);
        assertThat(store.append(frame(2, "node1", "eth0", 60))).isEqualTo(2);
        assertThat(calls.get()).isEqualTo(4);
    }
}
