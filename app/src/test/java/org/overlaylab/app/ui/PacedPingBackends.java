/*
 * For UI tests of Ctrl-C: the real backends, except that on the simulator a typed `ping ADDRESS`
 * without a count sends one real simulated ping every 100 ms of wall time and prints its reply line
 * until Ctrl-C, as ping does on a real host; every frame and line comes from the simulator.
 */
package org.overlaylab.app.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.topology.Topology;

final class PacedPingBackends {
    private static final Pattern UNBOUNDED_PING = Pattern.compile("ping ([0-9.]+)");

    private PacedPingBackends() {}

    static BackendRegistry registry() {
        List<BackendFactory> out = new ArrayList<>();
        for (BackendFactory f : BackendRegistry.load().factories()) {
            out.add(f.kind().equals("sim") ? new Factory(f) : f);
        }
        return new BackendRegistry(out);
    }

    private record Factory(BackendFactory real) implements BackendFactory {
        @Override
        public String kind() {
            return real.kind();
        }

        @Override
        public String description() {
            return real.description();
        }

        @Override
        public String unavailableReason() {
            return real.unavailableReason();
        }

        @Override
        public Backend create() {
            return new Paced(real.create());
        }
    }

    private record Paced(Backend real) implements Backend {
        @Override
        public String kind() {
            return real.kind();
        }

        @Override
        public void start(Lab lab, BackendOptions options) throws BackendException {
            real.start(lab, options);
        }

        @Override
        public CommandResult run(CommandRequest request) throws BackendException {
            return real.run(request);
        }

        @Override
        public CommandResult run(CommandRequest request, LiveOutput live) throws BackendException {
            Matcher m = UNBOUNDED_PING.matcher(request.line().trim());
            if (!m.matches()) {
                return real.run(request, live);
            }
            StringBuilder all = new StringBuilder();
            int sent = 0;
            while (!live.interrupted() && sent < 600) {
                CommandResult one = real.run(CommandRequest.of(request.host(), "ping -c 1 " + m.group(1)));
                String reply = one.stdout().lines().filter(l -> l.startsWith("64 bytes")).findFirst().orElse("")
                        .replace("icmp_seq=1", "icmp_seq=" + (sent + 1));
                if (sent == 0) {
                    String head = one.stdout().lines().findFirst().orElse("") + "\n";
                    live.write(head);
                    all.append(head);
                }
                live.write(reply + "\n");
                all.append(reply).append('\n');
                sent++;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            String stats = "\n--- " + m.group(1) + " ping statistics ---\n" + sent + " packets transmitted, " + sent
                    + " received, 0% packet loss\n";
            live.write(stats);
            all.append(stats);
            return new CommandResult(0, all.toString(), "", List.of(), Duration.ZERO);
        }

        @Override
        public BackgroundCommand startBackground(CommandRequest request) throws BackendException {
            return real.startBackground(request);
        }

        @Override
        public Topology observe() throws BackendException {
            return real.observe();
        }

        @Override
        public CaptureHandle capture(CapturePoint point, FrameListener listener) throws BackendException {
            return real.capture(point, listener);
        }

        @Override
        public void reset() throws BackendException {
            real.reset();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
