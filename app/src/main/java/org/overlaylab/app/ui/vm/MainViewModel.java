/*
 * The main window's state and the one place that talks to the lab runner: which lab and backend
 * are open, whether work is in progress (with a status line and a way to cancel), problems to show
 * as dialogs, and the view models of the step panel, consoles, canvas, animation, packet view and
 * inspector, which it keeps in step with each other (a step finished: new topology, new frames;
 * an event picked: its frame and its device selected).
 */
package org.overlaylab.app.ui.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.overlaylab.app.ui.base.EventStream;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.app.ui.diagram.DetailLevel;
import org.overlaylab.app.ui.diagram.LabHints;
import org.overlaylab.app.ui.packets.FrameStore;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.app.ui.session.LabRunner;
import org.overlaylab.app.ui.session.StepFrame;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.Settings;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.labfile.LabCatalog;
import org.overlaylab.labfile.LabFileException;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.labfile.LabSummary;
import org.overlaylab.labfile.LabProblem;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.SshSettings;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.topology.Topology;

public final class MainViewModel implements AutoCloseable {

    /**
     * A lab the picker offers: built in (by id) or opened from a file. A built-in lab is listed by
     * its catalogue heading and parsed only when it is chosen.
     */
    public static final class LabChoice {
        private final String label;
        private final String builtInId;
        private final Path file;
        private Lab lab;

        LabChoice(String label, String builtInId, Path file, Lab lab) {
            this.label = label;
            this.builtInId = builtInId;
            this.file = file;
            this.lab = lab;
        }

        public String label() {
            return label;
        }

        public String builtInId() {
            return builtInId;
        }

        public Path file() {
            return file;
        }

        /** The lab; a built-in one is parsed the first time (see load). */
        public Lab lab() {
            try {
                return load();
            } catch (LabFileException e) {
                throw new IllegalStateException("the built-in lab " + builtInId + " has errors", e);
            }
        }

        Lab load() throws LabFileException {
            if (lab == null) {
                lab = LabLoader.builtIn(builtInId);
            }
            return lab;
        }

        @Override
        public String toString() {
            return label;
        }

        String settingsKey() {
            return builtInId != null ? builtInId : file.toString();
        }
    }

    /** A backend kind the picker offers; not available when unavailableReason is set. */
    public record BackendChoice(String kind, String description, String unavailableReason) {
        public boolean available() {
            return unavailableReason == null;
        }

        @Override
        public String toString() {
            return kind + " — " + description + (available() ? "" : " (unavailable: " + unavailableReason + ")");
        }
    }

    /** Something that went wrong, for a dialog: a title, what happened, and details (e.g. line:column: message). */
    public record Problem(String title, String message, List<String> details) {}

    private final BackendRegistry registry;
    private final UiThread ui;
    private final Function<String, Worker> workers;
    private final SettingsStore settingsStore;
    private Settings settings;

    private final FrameStore store;
    private final StepsViewModel steps = new StepsViewModel();
    private final ConsoleViewModel console;
    private final TasksViewModel tasks = new TasksViewModel();
    private final TopologyViewModel topology = new TopologyViewModel();
    private final InspectorViewModel inspector = new InspectorViewModel();
    private final AnimationViewModel animation = new AnimationViewModel();
    private final PacketListViewModel packets;

    private final ListValue<LabChoice> labs = new ListValue<>();
    private final Value<LabChoice> lab = new Value<>(null);
    private final ListValue<BackendChoice> backends = new ListValue<>();
    /** The backends as this machine offers them, before the chosen lab's own limit is applied. */
    private List<BackendChoice> machineBackends = List.of();
    private final Value<BackendChoice> backend = new Value<>(null);
    private final Value<String> status = new Value<>("");
    private final Value<Boolean> busy = new Value<>(false);
    private final Value<Boolean> progress = new Value<>(false);
    private final Value<Boolean> cancellable = new Value<>(false);
    private final Value<Boolean> started = new Value<>(false);
    private final Value<Boolean> canRun = new Value<>(false);
    private final Value<Boolean> canBack = new Value<>(false);
    private final Value<Boolean> presenter = new Value<>(false);
    private final Value<Boolean> dark = new Value<>(false);
    private final Value<Boolean> highContrast = new Value<>(false);
    private final Value<Boolean> autoPlay = new Value<>(true);
    private final Value<String> sshHostsFile = new Value<>(null);
    private final EventStream<Problem> problems = new EventStream<>();
    /** Called with each backend before it starts: the window gives the ssh backend its dialogs here. */
    private Consumer<Backend> backendSetup = b -> {};
    private java.util.function.Predicate<TrustRequest> trustPrompt = r -> false;
    /** Lab files the person trusted in this run of the app; a changed file is a different lab and asks again. */
    private final java.util.Set<Lab> trustedLabs = new java.util.HashSet<>();
    private static final String SIMULATOR = "sim";

    private LabRunner runner;
    /** The hosts as last observed, after the last step or typed command. */
    private Topology now = Topology.EMPTY;
    /** Topology after each number of steps done: index 0 is the fresh lab. */
    private final List<Topology> after = new ArrayList<>();
    private final Map<Integer, List<StepFrame>> framesOfStep = new HashMap<>();

    public MainViewModel(BackendRegistry registry, UiThread ui, Function<String, Worker> workers, Executor compute,
                         SettingsStore settingsStore) {
        this(registry, ui, workers, compute, settingsStore, new FrameStore());
    }

    public MainViewModel(BackendRegistry registry, UiThread ui, Function<String, Worker> workers, Executor compute,
                         SettingsStore settingsStore, FrameStore store) {
        this.registry = registry;
        this.ui = ui;
        this.workers = workers;
        this.settingsStore = settingsStore;
        this.store = store;
        this.packets = new PacketListViewModel(store, ui, compute);
        this.console = new ConsoleViewModel(ui);
        console.setRunner(this::runTyped);
        console.setCompleter(new TopologyCompleter(() -> now));
        this.settings = settingsStore.load();
        presenter.set(settings.presenter());
        dark.set(settings.dark());
        highContrast.set(settings.highContrast());
        topology.setDetail(settings.detail());
        animation.setSpeed(settings.speed());
        animation.setShowControlPlane(settings.animateControlPlane());
        sshHostsFile.set(settings.sshHostsFile());
        topology.selected().subscribe(inspector::select);
        packets.detail().subscribe(this::showEffects);
        packets.capturePoint().subscribe(c -> {
            if (runner != null && c != null) {
                runner.captureAt(c.point());
            }
        });
        topology.update().subscribe(u -> animation.setDiagram(u.diagram()));
        animation.setDiagram(topology.diagram());
    }

    // ------------------------------------------------------------------ sub view models and state

    public StepsViewModel steps() {
        return steps;
    }

    public ConsoleViewModel console() {
        return console;
    }

    public TasksViewModel tasks() {
        return tasks;
    }

    public TopologyViewModel topology() {
        return topology;
    }

    public InspectorViewModel inspector() {
        return inspector;
    }

    public AnimationViewModel animation() {
        return animation;
    }

    public PacketListViewModel packets() {
        return packets;
    }

    public ListValue<LabChoice> labs() {
        return labs;
    }

    public ReadOnlyValue<LabChoice> lab() {
        return lab.readOnly();
    }

    public ListValue<BackendChoice> backends() {
        return backends;
    }

    public ReadOnlyValue<BackendChoice> backend() {
        return backend.readOnly();
    }

    public ReadOnlyValue<String> status() {
        return status.readOnly();
    }

    public ReadOnlyValue<Boolean> busy() {
        return busy.readOnly();
    }

    /** Work the status bar shows progress for: steps, going back, starting; not a command typed in a terminal. */
    public ReadOnlyValue<Boolean> progressShown() {
        return progress.readOnly();
    }

    public ReadOnlyValue<Boolean> cancellable() {
        return cancellable.readOnly();
    }

    /** True once the open lab's hosts are up. */
    public ReadOnlyValue<Boolean> started() {
        return started.readOnly();
    }

    public ReadOnlyValue<Boolean> canRun() {
        return canRun.readOnly();
    }

    public ReadOnlyValue<Boolean> canBack() {
        return canBack.readOnly();
    }

    public ReadOnlyValue<Boolean> presenter() {
        return presenter.readOnly();
    }

    public ReadOnlyValue<Boolean> dark() {
        return dark.readOnly();
    }

    /** The high-contrast theme, chosen in the View menu. */
    public ReadOnlyValue<Boolean> highContrast() {
        return highContrast.readOnly();
    }

    public ReadOnlyValue<Boolean> autoPlay() {
        return autoPlay.readOnly();
    }

    public EventStream<Problem> problems() {
        return problems;
    }

    /** The hosts file the ssh backend reaches its machines by; null: each lab host at its underlay address. */
    public ReadOnlyValue<String> sshHostsFile() {
        return sshHostsFile.readOnly();
    }

    /** A lab file about to start on a real backend, for the person to read and trust, or not. */
    public record TrustRequest(String backend, LabSummary summary) {}

    /** The lab's own host addresses, to confirm before the ssh backend connects to them. */
    public record LabAddressRequest(String lab, List<String> hostAddresses) {}

    private java.util.function.Predicate<LabAddressRequest> labAddressPrompt = r -> false;
    private final java.util.Set<Lab> labAddressesConfirmed = new java.util.HashSet<>();

    /**
     * Asks, before the ssh backend connects to the addresses a lab file names (no hosts file
     * chosen), whether the person wants that: a lab's word alone never picks the machines.
     */
    public void setLabAddressPrompt(java.util.function.Predicate<LabAddressRequest> prompt) {
        labAddressPrompt = prompt == null ? r -> false : prompt;
    }

    /**
     * Asks whether a lab file that is not built in may run on a real backend (its commands run as
     * root on netns); true runs it. Without a prompt nothing is trusted. Called on the UI thread.
     */
    public void setTrustPrompt(java.util.function.Predicate<TrustRequest> prompt) {
        trustPrompt = prompt == null ? r -> false : prompt;
    }

    /** Sets up each backend before it starts (prompts that need a window); runs on the lab's worker thread. */
    public void setBackendSetup(Consumer<Backend> setup) {
        backendSetup = setup == null ? b -> {} : setup;
    }

    public Settings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ starting

    /** Lists the built-in labs and the backends, and opens the last lab (or the first). */
    public void start() {
        List<LabChoice> choices = new ArrayList<>();
        try {
            for (LabCatalog.Heading h : LabCatalog.builtIns()) {
                choices.add(new LabChoice(h.title(), h.id(), null, null));
            }
        } catch (LabFileException e) {
            problems.emit(labProblem("A built-in lab has errors", e));
        }
        labs.setAll(choices);
        List<BackendChoice> kinds = new ArrayList<>();
        for (BackendFactory f : registry.factories()) {
            String why;
            try {
                why = f.unavailableReason();
            } catch (RuntimeException e) {
                why = e.getMessage();
            }
            kinds.add(new BackendChoice(f.kind(), f.description(), why));
        }
        machineBackends = List.copyOf(kinds);
        backends.setAll(kinds);
        BackendChoice chosen = kinds.stream().filter(k -> k.kind().equals(settings.backend()) && k.available())
                .findFirst().orElse(kinds.stream().filter(BackendChoice::available).findFirst().orElse(null));
        backend.set(chosen);
        LabChoice first = null;
        String last = settings.lastLab();
        if (last != null) {
            first = choices.stream().filter(c -> last.equals(c.builtInId())).findFirst().orElse(null);
            if (first == null && !last.isEmpty() && java.nio.file.Files.isRegularFile(Path.of(last))) {
                first = loadFile(Path.of(last), false);
            }
        }
        if (first == null && !choices.isEmpty()) {
            first = choices.get(0);
        }
        if (first != null) {
            chooseLab(first);
        } else if (chosen == null) {
            status.set("No backend can run here");
        }
    }

    /** Opens a lab from the picker. */
    public void chooseLab(LabChoice choice) {
        if (choice == null) {
            return;
        }
        try {
            choice.load();
        } catch (LabFileException e) {
            problems.emit(labProblem("The built-in lab " + choice.builtInId() + " has errors", e));
            return;
        }
        lab.set(choice);
        offerBackendsFor(choice.lab());
        settings = settings.withLastLab(choice.settingsKey());
        settingsStore.save(settings);
        openSession();
    }

    /**
     * The picker's backends for a lab: one the lab does not run on is offered disabled, with the lab's
     * reason. The backend last chosen is kept when the lab runs on it; otherwise the lab's first backend
     * that can run here is taken for this lab only (the saved choice stays for the next lab).
     */
    private void offerBackendsFor(Lab l) {
        List<BackendChoice> offered = new ArrayList<>();
        for (BackendChoice b : machineBackends) {
            String refusal = b.available() && l != null ? l.backendRefusal(b.kind()) : null;
            offered.add(refusal == null ? b : new BackendChoice(b.kind(), b.description(), refusal));
        }
        backends.setAll(offered);
        String preferred = settings.backend() != null ? settings.backend() : backend.get() == null ? null
                : backend.get().kind();
        backend.set(offered.stream().filter(b -> b.available() && b.kind().equals(preferred)).findFirst()
                .orElse(offered.stream().filter(BackendChoice::available).findFirst().orElse(null)));
    }

    /** Opens a lab file; a file with errors is reported as a problem listing line:column: message. */
    public void openLabFile(Path file) {
        LabChoice c = loadFile(file, true);
        if (c != null) {
            chooseLab(c);
        }
    }

    private LabChoice loadFile(Path file, boolean report) {
        try {
            Lab l = LabLoader.load(file);
            LabChoice c = new LabChoice(l.title() + " (" + file.getFileName() + ")", null, file, l);
            List<LabChoice> all = new ArrayList<>(labs.items());
            all.removeIf(x -> file.equals(x.file()));
            all.add(c);
            labs.setAll(all);
            return c;
        } catch (LabFileException e) {
            if (report) {
                problems.emit(labProblem("The lab file " + file.getFileName() + " has errors", e));
            }
        } catch (IOException e) {
            if (report) {
                problems.emit(new Problem("Cannot read the lab file", file + ": " + describe(e), List.of()));
            }
        }
        return null;
    }

    private static Problem labProblem(String title, LabFileException e) {
        List<String> lines = new ArrayList<>();
        for (LabProblem p : e.problems()) {
            lines.add(p.line() + ":" + p.column() + ": " + p.message());
        }
        return new Problem(title, e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                + " found; fix them and open the file again.", lines);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : m == null ? e.toString() : m;
    }

    public void chooseBackend(BackendChoice choice) {
        if (choice == null) {
            return;
        }
        if (!choice.available()) {
            boolean labsLimit = lab.get() != null && lab.get().lab() != null
                    && lab.get().lab().backendRefusal(choice.kind()) != null;
            problems.emit(new Problem("The " + choice.kind() + " backend cannot run " + (labsLimit ? "this lab" : "here"),
                    choice.unavailableReason(), List.of()));
            return;
        }
        if (choice.equals(backend.get()) && runner != null) {
            return;
        }
        backend.set(choice);
        settings = settings.withBackend(choice.kind());
        settingsStore.save(settings);
        if (lab.get() != null) {
            openSession();
        }
    }

    private void openSession() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
        LabChoice choice = lab.get();
        Lab l = choice.lab();
        started.set(false);
        after.clear();
        framesOfStep.clear();
        steps.setLab(l);
        console.setLab(l);
        tasks.clear();
        animation.clear();
        packets.clear();
        now = Topology.EMPTY;
        topology.newLab(LabHints.of(l), Topology.EMPTY);
        inspector.setState(Topology.EMPTY, Topology.EMPTY);
        updateActions();
        BackendChoice be = backend.get();
        if (be == null) {
            status.set("No backend can run this lab here");
            return;
        }
        BackendFactory factory = registry.find(be.kind()).orElse(null);
        if (factory == null) {
            status.set("No backend " + be.kind());
            return;
        }
        if (choice.builtInId() == null && !SIMULATOR.equals(be.kind()) && !trustedLabs.contains(l)) {
            if (!trustPrompt.test(new TrustRequest(be.kind(), LabSummary.of(l)))) {
                status.set("Not started: " + l.title() + " was not trusted to run on " + be.kind()
                        + "; the simulator runs it without asking");
                return;
            }
            trustedLabs.add(l);
        }
        Map<String, String> backendSettings = Map.of();
        if (SshSettings.KIND.equals(be.kind())) {
            if (sshHostsFile.get() != null) {
                backendSettings = Map.of(SshSettings.HOSTS_FILE, sshHostsFile.get());
            } else {
                if (!labAddressesConfirmed.contains(l)) {
                    List<String> addresses = l.hosts().stream().map(h -> h.name() + " " + h.underlayAddress()).toList();
                    if (!labAddressPrompt.test(new LabAddressRequest(l.title(), addresses))) {
                        status.set("Not started: choose the machines for the ssh backend (Hosts menu), or confirm "
                                + "the lab's own addresses");
                        return;
                    }
                    labAddressesConfirmed.add(l);
                }
                backendSettings = Map.of(SshSettings.USE_LAB_ADDRESSES, "true");
            }
        }
        BackendOptions options = new BackendOptions(l.seed(), null, Duration.ofSeconds(120), backendSettings);
        runner = new LabRunner(new SetUpFactory(factory, backendSetup), l, options, store, workers.apply("lab " + l.id()), ui, new RunnerEvents());
        runner.start();
    }

    /**
     * Chooses the hosts file for the ssh backend (null: the lab's own addresses); remembered, and
     * the lab starts again on it when ssh is the backend in use.
     */
    public void chooseSshHostsFile(String path) {
        String p = path == null || path.isBlank() ? null : path;
        if (java.util.Objects.equals(p, sshHostsFile.get())) {
            return;
        }
        sshHostsFile.set(p);
        settings = settings.withSshHostsFile(p);
        settingsStore.save(settings);
        if (lab.get() != null && backend.get() != null && SshSettings.KIND.equals(backend.get().kind())) {
            openSession();
        }
    }

    /** A factory whose backends get the window's set-up before the runner starts them. */
    private record SetUpFactory(BackendFactory factory, Consumer<Backend> setup) implements BackendFactory {
        @Override
        public String kind() {
            return factory.kind();
        }

        @Override
        public String description() {
            return factory.description();
        }

        @Override
        public String unavailableReason() {
            return factory.unavailableReason();
        }

        @Override
        public Backend create() {
            Backend b = factory.create();
            setup.accept(b);
            return b;
        }
    }

    // ------------------------------------------------------------------ actions

    public void runStep() {
        if (runner != null && canRun.get()) {
            runner.runNext();
        }
    }

    /** Runs up to the selected step; if it is already done, goes back to just after it. */
    public void runToSelected() {
        int target = steps.selected().get();
        if (runner == null || busy.get() || !started.get() || target < 1) {
            return;
        }
        int done = steps.completed().get();
        if (target > done) {
            runner.runThrough(target);
        } else if (target < done) {
            runner.undoTo(target + 1);
        }
    }

    /** Undoes the last action: a step, or a command typed in a terminal. */
    public void back() {
        if (runner != null && canBack.get()) {
            runner.back();
        }
    }

    /** Shows the current task's next hint (recorded for the report). */
    public void hint() {
        if (runner != null && tasks.current().get() != null) {
            runner.hint(tasks::hintShown);
        }
    }

    /** Reveals the current task's solution (recorded for the report). */
    public void solution() {
        if (runner != null && tasks.current().get() != null) {
            runner.solution(tasks::solutionShown);
        }
    }

    /** Back to the fresh hosts; when the hosts never came up (an unreachable VM), starts them again. */
    public void reset() {
        if (busy.get() || lab.get() == null) {
            return;
        }
        if (runner != null && started.get()) {
            runner.reset();
        } else {
            openSession();
        }
    }

    public void cancel() {
        if (runner != null && cancellable.get()) {
            runner.cancel();
            status.set("Cancelling after the current step…");
        }
    }

    public void setPresenter(boolean on) {
        presenter.set(on);
        settings = settings.withPresenter(on);
        settingsStore.save(settings);
    }

    public void setDark(boolean on) {
        dark.set(on);
        settings = settings.withDark(on);
        settingsStore.save(settings);
    }

    public void setHighContrast(boolean on) {
        highContrast.set(on);
        settings = settings.withHighContrast(on);
        settingsStore.save(settings);
    }

    /** Remembers that the first-run tour was shown, so it is not shown again. */
    public void setTourSeen() {
        settings = settings.withTourSeen(true);
        settingsStore.save(settings);
    }

    public void setDetail(DetailLevel level) {
        topology.setDetail(level);
        settings = settings.withDetail(level);
        settingsStore.save(settings);
    }

    public void setSpeed(double factor) {
        animation.setSpeed(factor);
        settings = settings.withSpeed(animation.speed().get());
        settingsStore.save(settings);
    }

    /** Shows or hides the animation of control-plane frames, remembered between runs. */
    public void setAnimateControlPlane(boolean on) {
        animation.setShowControlPlane(on);
        settings = settings.withAnimateControlPlane(on);
        settingsStore.save(settings);
    }

    public void setAutoPlay(boolean on) {
        autoPlay.set(on);
    }

    public void saveWindow(Settings.Window w) {
        settings = settings.withWindow(w);
        settingsStore.save(settings);
    }

    /** An event of the list was picked: move the animation there, select its frame and its device. */
    public void selectEvent(int index) {
        if (index < 0 || index >= animation.events().size()) {
            return;
        }
        AnimationViewModel.Event e = animation.event(index);
        animation.seekToEvent(index);
        topology.select(animation.elementOf(e));
        // after the device: a frame that changed state moves the inspector to the host it changed
        packets.select(e.storeIndex());
    }

    /** A packet marker was clicked: select the frame it stands for. */
    public void selectMarker(AnimationViewModel.Marker m) {
        if (m == null) {
            return;
        }
        AnimationViewModel.Event e = animation.event(m.event());
        packets.select(e.storeIndex());
    }

    /**
     * Cause and effect: when the selected frame changed state (a BGP UPDATE installing a route), the
     * inspector moves to the host it changed and marks the rows it made, and the canvas outlines that
     * host; any other selection, or none, clears the marks.
     */
    private void showEffects(PacketListViewModel.Detail d) {
        List<StateChange> effects = d == null ? List.of() : d.effects();
        if (!effects.isEmpty()) {
            topology.select(InspectorViewModel.hostId(effects.get(0).host()));
        }
        inspector.highlight(effects);
        topology.markChangedBySelection(effects.stream().map(StateChange::host).distinct().toList());
    }

    /**
     * The steps this session has run so far, as they ran: the lab, the backend it runs on, the hosts
     * before step 1, each step's result and the frames captured while it ran. Null before the lab is up
     * or while no step has run.
     */
    public record SessionSteps(Lab lab, String backend, Topology start, List<StepResult> results,
                               List<List<CapturedFrame>> frames) {}

    public SessionSteps sessionSteps() {
        int done = steps.completed().get();
        if (lab.get() == null || !started.get() || done == 0 || after.isEmpty()) {
            return null;
        }
        List<StepResult> results = new ArrayList<>();
        List<List<CapturedFrame>> frames = new ArrayList<>();
        for (int n = 1; n <= done && steps.result(n) != null; n++) {
            results.add(steps.result(n));
            frames.add(framesOf(n).stream().map(StepFrame::frame).toList());
        }
        String kind = backend.get() == null ? "sim" : backend.get().kind();
        return new SessionSteps(lab.get().lab(), kind, after.get(0), List.copyOf(results), List.copyOf(frames));
    }

    /** The frames of a step (for tests and the event list), empty when the step has not run. */
    public List<StepFrame> framesOf(int step) {
        return framesOfStep.getOrDefault(step, List.of());
    }

    /** The place a frame was captured at, as the lists name it: "node1 [test1] eth0". */
    public String placeOf(CapturedFrame f) {
        return packets.where(f.host(), f.namespace(), f.device());
    }

    /** Closes the open lab and waits (up to half a minute) for its backend to clean up, as on quitting. */
    @Override
    public void close() {
        if (runner != null) {
            runner.close();
            runner.awaitClosed(Duration.ofSeconds(30));
            runner = null;
        }
    }

    // ------------------------------------------------------------------ keeping everything in step

    private void updateActions() {
        boolean idle = !busy.get() && started.get();
        canRun.set(idle && steps.completed().get() < steps.stepCount());
        canBack.set(idle && runner != null && runner.actionCount() > 0);
    }

    private void showState(int done) {
        Topology state = after.get(Math.min(done, after.size() - 1));
        Topology before = done >= 1 ? after.get(done - 1) : state;
        show(state, before);
    }

    /** Canvas, inspector (rows new since `before` marked) and packet list show `state`. */
    private void show(Topology state, Topology before) {
        now = state;
        topology.showState(state, before);
        inspector.setState(state, before);
        packets.updateTopology(state);
    }

    // ------------------------------------------------------------------ typed commands

    /** A line typed in a terminal: runs on the lab's worker; the canvas and the rest follow as after a step. */
    private void runTyped(TerminalViewModel t, String line, org.overlaylab.model.backend.LiveOutput live) {
        if (runner == null || !started.get()) {
            t.failed("the lab's hosts are not up yet; wait until the status line says the steps are ready");
            return;
        }
        if (busy.get()) {
            t.failed("the lab is busy (" + status.get() + "); type the command again when it is done");
            return;
        }
        org.overlaylab.model.topology.Host h = now.host(t.host()).orElse(null);
        if (h == null) {
            t.failed("no host " + t.host() + " in this lab");
            return;
        }
        if (t.container() != null && h.container(t.container()).filter(c -> c.running()).isEmpty()) {
            t.failed("no running container " + t.container() + " on " + t.host() + "; `docker ps` lists them");
            return;
        }
        console.activate(t.key());
        runner.type(t.host(), t.container(), line, live, typed -> typedFinished(t, typed), t::failed);
    }

    private void typedFinished(TerminalViewModel t, LabRunner.Typed typed) {
        Topology before = now;
        if (!after.isEmpty()) {
            after.set(after.size() - 1, typed.topology());
        }
        show(typed.topology(), before);
        animation.load(typed.frames(), f -> placeOf(f));
        if (autoPlay.get() && !typed.frames().isEmpty()) {
            animation.play();
        }
        t.finished(typed.result());
        updateActions();
    }

    /**
     * Writes the student's report: FILE as JSON (signed with the lab's report key when it has one)
     * and FILE.html beside it, from the session as it stands; the name is remembered for next time.
     */
    public void saveReport(Path file, String student) {
        if (runner == null || !started.get()) {
            problems.emit(new Problem("Cannot save the report", "The lab's hosts are not up yet.", List.of()));
            return;
        }
        String name = student == null ? "" : student.strip();
        settings = settings.withStudent(name);
        settingsStore.save(settings);
        String kind = backend.get() == null ? "" : backend.get().kind();
        Lab l = lab.get().lab();
        runner.withSession(s -> {
            try {
                long seed = s.options().seed();
                Path html = org.overlaylab.app.report.SessionReport.write(org.overlaylab.app.report.SessionReport.build(
                        s, new org.overlaylab.app.report.SessionReport.Meta(name, kind, seed, seed),
                        java.time.Instant.now()), l.reportKey(), file);
                ui.post(() -> {
                    status.set("Report written: " + file.getFileName() + " and " + html.getFileName()
                            + (l.reportKey() == null ? " (not signed: the lab has no report key)" : " (signed)"));
                    reports.emit(file);
                });
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException io ? describe(io) : String.valueOf(e.getMessage());
                ui.post(() -> problems.emit(new Problem("Cannot save the report", file + ": " + why, List.of())));
            }
        });
    }

    /** Each report written (its JSON file). */
    public EventStream<Path> reportsWritten() {
        return reports;
    }

    private final EventStream<Path> reports = new EventStream<>();

    /** The hosts as last observed (what Tab completes from). */
    public Topology currentTopology() {
        return now;
    }

    private String progressText() {
        int done = steps.completed().get();
        int all = steps.stepCount();
        return done == all ? "All " + all + " steps done" : done + " of " + all + " steps done";
    }

    private final class RunnerEvents implements LabRunner.Events {
        @Override
        public void busy(String what, boolean canCancel) {
            busy.set(true);
            progress.set(true);
            cancellable.set(canCancel);
            status.set(what + "…");
            updateActions();
        }

        @Override
        public void idle() {
            busy.set(false);
            progress.set(false);
            cancellable.set(false);
            if (started.get() && !status.get().startsWith("Stopped")) {
                status.set(progressText() + " · " + (backend.get() == null ? "" : backend.get().kind() + " backend"));
            }
            updateActions();
        }

        @Override
        public void started(Topology fresh) {
            after.clear();
            after.add(fresh);
            started.set(true);
            now = fresh;
            topology.newLab(LabHints.of(lab.get().lab()), fresh);
            inspector.setState(fresh, fresh);
            packets.updateTopology(fresh);
            updateActions();
        }

        @Override
        public void stepStarted(int number, Step step) {
            steps.stepStarted(number);
            status.set("Step " + number + ": " + step.title() + "…");
        }

        @Override
        public void commandStarted(int number, CommandSpec command) {
            String title = lab.get().lab().steps().get(number - 1).title();
            console.commandStarted(number, title, command);
        }

        @Override
        public void commandFinished(int number, CommandSpec command, CommandResult result) {
            console.commandFinished(number, command, result);
        }

        @Override
        public void stepFinished(StepResult result, List<StepFrame> frames) {
            while (after.size() > result.number()) {
                after.remove(after.size() - 1);
            }
            after.add(result.topology());
            framesOfStep.put(result.number(), frames);
            steps.stepFinished(result);
            console.stepFinished(result);
            showState(result.number());
            animation.load(frames, f -> placeOf(f));
            if (autoPlay.get() && !frames.isEmpty()) {
                animation.play();
            }
        }

        @Override
        public void wentBack(int firstUndone, Topology now, List<StepResult> results) {
            while (after.size() > firstUndone) {
                after.remove(after.size() - 1);
            }
            framesOfStep.keySet().removeIf(n -> n >= firstUndone);
            steps.wentBack(firstUndone);
            if (tasks.current().get() != null && tasks.current().get().stepNumber() >= firstUndone) {
                tasks.clear();
            }
            console.info("— back to before step " + firstUndone + " —");
            showState(firstUndone - 1);
            List<StepFrame> frames = framesOfStep.getOrDefault(firstUndone - 1, List.of());
            animation.load(frames, f -> placeOf(f));
        }

        @Override
        public void wasReset(Topology fresh) {
            after.clear();
            after.add(fresh);
            framesOfStep.clear();
            steps.reset();
            tasks.clear();
            console.info("— lab reset: fresh hosts —");
            showState(0);
            animation.clear();
        }

        @Override
        public void typing(boolean running) {
            busy.set(running);
            updateActions();
        }

        @Override
        public void typedUndone(org.overlaylab.model.session.TypedCommand command, Topology state, int actions) {
            console.terminal(command.host(), command.container()).print(ConsoleViewModel.Kind.INFO,
                    "— undone: " + command.line() + " —");
            if (!after.isEmpty()) {
                after.set(after.size() - 1, state);
            }
            show(state, state);
            animation.clear();
        }

        @Override
        public void checksChanged(List<org.overlaylab.model.session.TaskStatus> all) {
            tasks.update(all);
            steps.tasksChanged(all);
        }

        @Override
        public void cancelled(int completed) {
            steps.stopped();
            status.set("Stopped after step " + completed);
        }

        @Override
        public void stoppedAtFailure(int number) {
            steps.stopped();
            Step step = lab.get().lab().steps().get(number - 1);
            status.set(step.isTask() ? "Stopped at step " + number + ", a task: solve it in the terminals, then run on"
                    : "Stopped: step " + number + " did not pass");
        }

        @Override
        public void captureProblem(String message) {
            status.set("Not capturing everywhere: " + message);
        }

        @Override
        public void failed(String what, String message) {
            steps.stopped();
            console.error(what + ": " + message);
            if (!started.get()) {
                // nothing runs: the status line keeps the reason instead of the stale "Starting…"
                status.set(what + ": " + message.lines().findFirst().orElse(""));
            }
            problems.emit(new Problem(what, message, List.of()));
        }
    }
}
