/*
 * Benchmark: frame time of the topology canvas with a made-up 100-host lab and 500 packets in
 * flight, the whole diagram in view. Pulses run unthrottled (javafx.animation.fullspeed) so the time
 * between two pulses is what one frame costs: layout, marker painting and rendering. Prints the
 * percentiles. Run it on the rendering you want to judge, e.g. software rendering under Xvfb:
 *   DISPLAY=:42 java -Dprism.order=sw -Djavafx.animation.fullspeed=true \
 *       -cp app/target/overlay-lab.jar org.overlaylab.app.ui.bench.CanvasFrameTime [hosts] [packets] [seconds]
 */
package org.overlaylab.app.ui.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.overlaylab.app.ui.diagram.LabHints;
import org.overlaylab.app.ui.view.AnimationLayer;
import org.overlaylab.app.ui.view.TopologyCanvas;
import org.overlaylab.app.ui.vm.AnimationViewModel;
import org.overlaylab.app.ui.vm.TopologyViewModel;

public final class CanvasFrameTime {
    private CanvasFrameTime() {}

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int packets = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 15;
        if (System.getProperty("javafx.animation.fullspeed") == null) {
            System.setProperty("javafx.animation.fullspeed", "true");
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        CountDownLatch done = new CountDownLatch(1);
        List<Double> frames = Collections.synchronizedList(new ArrayList<>());
        List<Integer> inFlight = Collections.synchronizedList(new ArrayList<>());
        long[] paint = new long[1];
        Platform.runLater(() -> {
            TopologyViewModel topo = new TopologyViewModel();
            TopologyCanvas canvas = new TopologyCanvas(topo);
            AnimationViewModel anim = new AnimationViewModel();
            AnimationLayer layer = new AnimationLayer(anim, canvas, m -> { });
            canvas.addOverlay(layer);
            Scene scene = new Scene(canvas, 1600, 1000);
            scene.getStylesheets().addAll(CanvasFrameTime.class.getResource("/org/overlaylab/app/ui/light.css")
                    .toExternalForm(), CanvasFrameTime.class.getResource("/org/overlaylab/app/ui/app.css").toExternalForm());
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            long t0 = System.nanoTime();
            topo.newLab(LabHints.NONE, SyntheticLab.topology(hosts));
            long layoutMs = (System.nanoTime() - t0) / 1_000_000;
            anim.setDiagram(topo.diagram());
            anim.load(SyntheticLab.pings(hosts, packets, 0), f -> f.host() + " " + f.device());
            anim.setSpeed(0.5);
            canvas.fit();
            System.out.printf("diagram: %d hosts, %d boxes, %d chips, %d links; layout %d ms; %d events%n", hosts,
                    topo.diagram().boxes().size(), topo.diagram().chips().size(), topo.diagram().links().size(), layoutMs,
                    anim.events().size());
            anim.seek(AnimationViewModel.HOP * 1.2);
            anim.play();
            new AnimationTimer() {
                private long last = -1;
                private long start = -1;
                private int warmup = 60;

                @Override
                public void handle(long now) {
                    if (last >= 0 && warmup-- <= 0) {
                        frames.add((now - last) / 1e6);
                        inFlight.add(anim.markers().size());
                        paint[0] += layer.lastPaintNanos();
                        if (start < 0) {
                            start = now;
                        }
                    }
                    last = now;
                    if (start >= 0 && (now - start) / 1e9 > seconds || !anim.playing().get()) {
                        stop();
                        stage.close();
                        done.countDown();
                    }
                }
            }.start();
        });
        done.await();
        List<Double> sorted = new ArrayList<>(frames);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            System.out.println("no frames measured");
            System.exit(1);
        }
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double markers = inFlight.stream().mapToInt(Integer::intValue).average().orElse(0);
        System.out.printf("pipeline %s, %d frames, markers in flight on average %.0f (min %d)%n",
                System.getProperty("prism.order", "default"), n, markers,
                inFlight.stream().mapToInt(Integer::intValue).min().orElse(0));
        System.out.printf("frame time ms: mean %.2f  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (%.1f fps)%n", mean,
                sorted.get(n / 2), sorted.get((int) (n * 0.95)), sorted.get(Math.min(n - 1, (int) (n * 0.99))),
                sorted.get(n - 1), 1000 / mean);
        System.out.printf("marker painting: %.2f ms per frame%n", paint[0] / 1e6 / n);
        Platform.exit();
        System.exit(0);
    }
}
