/*
 * Benchmark: the packet list with a million frames. Appends 1M frames (a mix of ARP, ICMP and
 * VXLAN-wrapped pings, as a busy lab would capture) through the live path, shows them in the real
 * packet pane, reports the heap after a full GC, then scrolls to random places and measures how
 * long each jump takes to show, and how long filtering the whole list takes.
 *   DISPLAY=:42 java -Dprism.order=sw -cp app/target/overlay-lab.jar org.overlaylab.app.ui.bench.PacketListScale [frames]
 */
package org.overlaylab.app.ui.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.overlaylab.app.ui.DesktopApp;
import org.overlaylab.app.ui.packets.FrameStore;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.app.ui.session.StepFrame;
import org.overlaylab.app.ui.view.PacketPane;
import org.overlaylab.model.backend.CapturedFrame;

public final class PacketListScale {
    private PacketListScale() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Platform.setImplicitExit(false);
        long heapBefore = usedAfterGc();
        ExecutorService compute = Executors.newSingleThreadExecutor();
        FrameStore store = new FrameStore();
        PacketListViewModel[] vm = new PacketListViewModel[1];
        PacketPane[] pane = new PacketPane[1];
        fx(() -> {
            vm[0] = new PacketListViewModel(store, DesktopApp.fxThread(), compute);
            pane[0] = new PacketPane(vm[0], () -> { }, () -> { });
            Scene scene = new Scene(pane[0], 1400, 700);
            scene.getStylesheets().addAll(PacketListScale.class.getResource("/org/overlaylab/app/ui/light.css")
                    .toExternalForm(), PacketListScale.class.getResource("/org/overlaylab/app/ui/app.css").toExternalForm());
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
        });
        // a pool of realistic frames, appended over and over with fresh sequence numbers and times
        List<StepFrame> pool = SyntheticLab.pings(8, 500, 0);
        long t0 = System.nanoTime();
        List<CapturedFrame> batch = new ArrayList<>(4096);
        for (int i = 0; i < total; i++) {
            CapturedFrame f = pool.get(i % pool.size()).frame();
            batch.add(new CapturedFrame(i + 1, f.timeNanos() + i * 1000L, f.host(), f.namespace(), f.device(),
                    f.direction(), f.data(), f.originalLength(), i / 10 + 1, f.hop(), null));
            if (batch.size() == 4096 || i == total - 1) {
                store.appendAll(batch);
                batch.clear();
            }
        }
        long appendMs = (System.nanoTime() - t0) / 1_000_000;
        long waitStart = System.nanoTime();
        while (fx(() -> vm[0].rowCount()) < total) {
            Thread.sleep(20);
        }
        long listedMs = (System.nanoTime() - waitStart) / 1_000_000;
        long heap = usedAfterGc();
        System.out.printf("%,d frames: appended in %d ms, listed %d ms later; %.1f MiB of frame bytes kept%n", total,
                appendMs, listedMs, store.bytesKept() / 1048576.0);
        System.out.printf("heap after full GC: %.0f MiB (%.0f MiB before the frames); max heap %.0f MiB%n",
                heap / 1048576.0, heapBefore / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        Random rnd = new Random(1);
        List<Double> jumps = new ArrayList<>();
        List<Double> work = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int row = rnd.nextInt(total);
            long s = System.nanoTime();
            double w = fx(() -> {
                long ws = System.nanoTime();
                pane[0].table().scrollTo(row);
                pane[0].table().layout();
                return (System.nanoTime() - ws) / 1e6;
            });
            waitForPulse();
            jumps.add((System.nanoTime() - s) / 1e6);
            work.add(w);
        }
        Collections.sort(jumps);
        Collections.sort(work);
        System.out.printf("scroll to a random row, on the FX thread: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                work.get(work.size() / 2), work.get((int) (work.size() * 0.95)), work.get(work.size() - 1));
        System.out.printf("scroll to a random row until the next frame is shown: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                jumps.get(jumps.size() / 2), jumps.get((int) (jumps.size() * 0.95)), jumps.get(jumps.size() - 1));
        long fs = System.nanoTime();
        fx(() -> {
            vm[0].applyFilter("icmp and host 10.10.3.2");
            return null;
        });
        while (fx(() -> vm[0].filtering().get())) {
            Thread.sleep(10);
        }
        System.out.printf("filter over all frames: %d ms, %,d rows match%n", (System.nanoTime() - fs) / 1_000_000,
                fx(() -> vm[0].rowCount()));
        compute.shutdownNow();
        Platform.exit();
        System.exit(0);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static void fx(Runnable work) throws Exception {
        fx(() -> {
            work.run();
            return null;
        });
    }

    /** Waits until the scene has rendered a frame after the last change. */
    private static void waitForPulse() throws Exception {
        CountDownLatch pulse = new CountDownLatch(1);
        Platform.runLater(() -> Platform.requestNextPulse());
        Platform.runLater(() -> new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                pulse.countDown();
            }
        }.start());
        pulse.await(5, TimeUnit.SECONDS);
        fx(() -> null);
    }
}
