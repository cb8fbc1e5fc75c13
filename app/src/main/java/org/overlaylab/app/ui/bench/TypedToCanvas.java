/*
 * Benchmark: time from Enter in node1's terminal to the canvas showing what the command did, on the
 * simulator, in the whole desktop window (ovs-gre lab, fresh hosts). Each round types
 * `sudo ip link add vethbN type veth peer name vethcN` (Enter pressed in the command line) and stops
 * the clock at the first pulse whose canvas holds the new device; the next round deletes it again,
 * timed the same way. Prints the percentiles. Run it under a display, e.g. software rendering on Xvfb:
 *   xvfb-run -s '-screen 0 1600x1000x24' java -Dprism.order=sw \
 *       -cp app/target/overlay-lab.jar org.overlaylab.app.ui.bench.TypedToCanvas [rounds]
 */
package org.overlaylab.app.ui.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.overlaylab.app.ui.DesktopApp;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.app.ui.view.MainWindow;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.model.backend.BackendRegistry;

public final class TypedToCanvas {
    private TypedToCanvas() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        ExecutorService compute = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench filter");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch done = new CountDownLatch(1);
        List<Double> times = Collections.synchronizedList(new ArrayList<>());
        Platform.runLater(() -> {
            Stage stage = new Stage();
            MainWindow window = DesktopApp.create(stage, BackendRegistry.load(), SettingsStore.inMemory(), compute);
            stage.setWidth(1600);
            stage.setHeight(1000);
            stage.show();
            MainViewModel vm = (MainViewModel) stage.getUserData();
            vm.start();
            vm.labs().items().stream().filter(c -> "ovs-gre".equals(c.builtInId())).findFirst().ifPresent(vm::chooseLab);
            new AnimationTimer() {
                private int round = -20; // warm-up rounds are not counted
                private long typedAt = -1;
                private String device;

                @Override
                public void handle(long now) {
                    if (!vm.started().get()) {
                        return;
                    }
                    if (typedAt < 0) {
                        if (vm.busy().get()) {
                            return;
                        }
                        TextField input = window.consoles().inputOf("node1");
                        int n = Math.floorMod(round, 1000);
                        boolean add = Math.floorMod(round, 2) == 0;
                        device = "vethb" + (add ? n : n - 1);
                        input.setText(add ? "sudo ip link add " + device + " type veth peer name vethc" + n
                                : "sudo ip link del " + device);
                        typedAt = System.nanoTime();
                        input.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false,
                                false));
                        return;
                    }
                    boolean add = Math.floorMod(round, 2) == 0;
                    boolean shown = window.canvas().elementNodes().containsKey(Diagram.deviceId("node1", null, device));
                    if (shown == add) {
                        if (round >= 0) {
                            times.add((System.nanoTime() - typedAt) / 1e6);
                        }
                        typedAt = -1;
                        round++;
                        if (round >= rounds) {
                            stop();
                            vm.close();
                            stage.close();
                            done.countDown();
                        }
                    }
                }
            }.start();
        });
        done.await();
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int n = sorted.size();
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        System.out.printf("pipeline %s, %d typed commands (add and delete a veth pair on node1, ovs-gre lab)%n",
                System.getProperty("prism.order", "default"), n);
        System.out.printf("Enter to updated canvas, ms: mean %.1f  p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", mean,
                sorted.get(n / 2), sorted.get((int) (n * 0.95)), sorted.get(Math.min(n - 1, (int) (n * 0.99))),
                sorted.get(n - 1));
        Platform.exit();
        System.exit(0);
    }
}
