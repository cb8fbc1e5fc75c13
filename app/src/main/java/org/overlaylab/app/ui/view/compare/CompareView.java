/*
 * The Compare view: pick two to four tutorial labs and a backend (the simulator, or netns where the
 * main window's picker finds it available), run each lab to its cross-host container ping, and see
 * that ping side by side: the underlay frame as a bar drawn to scale (one segment per header, the
 * encapsulation's headers apart from the container's own), then the comparison table, where a lab
 * that could not run keeps its column with the reason. A run shows its progress step by step and
 * can be cancelled (after the current step); the window stays usable meanwhile. Exports the view
 * as PNG and the table as Markdown or CSV.
 */
package org.overlaylab.app.ui.view.compare;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.transform.Scale;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.overlaylab.app.compare.ComparisonTable;
import org.overlaylab.app.compare.LabComparison;
import org.overlaylab.app.compare.LabOutcome;
import org.overlaylab.app.compare.PingComparer;
import org.overlaylab.app.ui.view.PixelDensity;
import org.overlaylab.app.ui.vm.MainViewModel.BackendChoice;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.labfile.LabCatalog;
import org.overlaylab.labfile.LabLoader;

public final class CompareView extends BorderPane {
    /** Pixels per byte: one scale for every bar, so the bars compare. */
    static final double PIXELS_PER_BYTE = 4.5;
    static final int MIN_LABS = 2;
    static final int MAX_LABS = 4;

    private final Map<String, CheckBox> choices = new LinkedHashMap<>();
    private final ComboBox<BackendChoice> backend = new ComboBox<>();
    private final Button compare = new Button("Compare");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private volatile boolean cancelRequested;
    private volatile boolean running;
    private final Button png = new Button("PNG…");
    private final Button table = new Button("Table…");
    private final Label status = new Label();
    private final VBox bars = new VBox(8);
    /** The comparison table: a grid rather than a TableView, so long cells wrap and the PNG shows them whole. */
    private final GridPane tableView = new GridPane();
    private final VBox content = new VBox(12);
    /** Read by tests off the UI thread, so published whole once the view shows it. */
    private volatile List<LabComparison> shown = List.of();
    private volatile List<LabOutcome> outcomes = List.of();
    private List<ComparisonTable.Row> tableRows = List.of();
    static final double MEASURE_WIDTH = 250;

    /** With the backends as the registry on the class path finds them, the simulator chosen. */
    public CompareView() {
        this(choicesOf(BackendRegistry.load()), PingComparer.SIM);
    }

    /**
     * @param backends the backend kinds with their availability, as the main window's picker has them;
     *                 those a comparison can run on are offered, the unavailable ones greyed with the reason
     * @param preferred the kind chosen at first when it is offered and available (else the simulator)
     */
    public CompareView(List<BackendChoice> backends, String preferred) {
        setId("compare-view");
        HBox picker = new HBox(10);
        picker.setAlignment(Pos.CENTER_LEFT);
        // every way of crossing hosts the labs teach, more than fit one row: the choices wrap
        javafx.scene.layout.FlowPane labChoices = new javafx.scene.layout.FlowPane(10, 6);
        labChoices.setId("compare-lab-choices");
        labChoices.getChildren().add(new Label("Labs:"));
        for (LabCatalog.Heading heading : comparableHeadings()) {
            CheckBox box = new CheckBox(heading.id());
            box.setId("compare-choice-" + heading.id());
            box.setTooltip(new Tooltip(heading.title()));
            box.selectedProperty().addListener((o, was, now) -> updateButtons());
            choices.put(heading.id(), box);
            labChoices.getChildren().add(box);
        }
        backend.setId("compare-backend");
        backend.getItems().setAll(backends.stream().filter(b -> PingComparer.BACKENDS.contains(b.kind())).toList());
        backend.setCellFactory(l -> new BackendCell(false));
        backend.setButtonCell(new BackendCell(true));
        backend.setTooltip(new Tooltip("Where the labs run: the simulator, or for real in network namespaces (netns)"));
        backend.setValue(backend.getItems().stream().filter(b -> b.kind().equals(preferred) && b.available()).findFirst()
                .orElse(backend.getItems().stream().filter(BackendChoice::available).findFirst().orElse(null)));
        backend.valueProperty().addListener((o, was, now) -> {
            if (now != null && !now.available()) {
                backend.setValue(was);
            }
            updateButtons();
        });
        compare.setId("compare-run");
        compare.setDefaultButton(true);
        compare.setOnAction(e -> compare(chosen()));
        cancel.setId("compare-cancel");
        cancel.setOnAction(e -> cancel());
        progress.setId("compare-progress");
        progress.setPrefWidth(120);
        progress.setVisible(false);
        progress.managedProperty().bind(progress.visibleProperty());
        cancel.visibleProperty().bind(progress.visibleProperty());
        cancel.managedProperty().bind(progress.visibleProperty());
        png.setId("compare-png");
        png.setOnAction(e -> savePngAsked());
        table.setId("compare-table-export");
        table.setOnAction(e -> saveTableAsked());
        status.setId("compare-status");
        picker.getChildren().addAll(new Label("Run on"), backend, compare, progress, cancel, png, table, status);
        // the labs and buttons keep their width; a long progress line is what gets cut short
        picker.getChildren().forEach(n -> {
            if (n instanceof Region r && n != status) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        // as narrow as its choice's name: the list shows each backend's description and why it cannot run
        backend.setPrefWidth(90);
        status.setMinWidth(0);
        HBox.setHgrow(status, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(6, labChoices, picker);
        top.setPadding(new Insets(8));
        setTop(top);

        bars.setId("compare-bars");
        tableView.setId("compare-table");
        tableView.setMaxWidth(Region.USE_PREF_SIZE);
        tableView.setStyle("-fx-background-color: #bdbdbd; -fx-hgap: 1; -fx-vgap: 1; -fx-padding: 1;");
        content.setPadding(new Insets(8));
        content.getChildren().addAll(bars, legend(), tableView);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        updateButtons();
    }

    /** Every backend kind on the class path with why it cannot run here, if it cannot: the main window's rule. */
    public static List<BackendChoice> choicesOf(BackendRegistry registry) {
        List<BackendChoice> out = new ArrayList<>();
        for (BackendFactory f : registry.factories()) {
            String why;
            try {
                why = f.unavailableReason();
            } catch (RuntimeException e) {
                why = e.getMessage();
            }
            out.add(new BackendChoice(f.kind(), f.description(), why));
        }
        return out;
    }

    /** The backend kind the next comparison runs on, or null when none is available. */
    public String backendKind() {
        BackendChoice b = backend.getValue();
        return b == null ? null : b.kind();
    }

    /** The backend choices offered, in order. */
    public List<BackendChoice> backendChoices() {
        return List.copyOf(backend.getItems());
    }

    /** Chooses the backend kind when it is offered and available; returns whether it now is the choice. */
    public boolean chooseBackend(String kind) {
        backend.getItems().stream().filter(b -> b.kind().equals(kind) && b.available()).findFirst()
                .ifPresent(backend::setValue);
        return kind.equals(backendKind());
    }

    /** The tutorial's labs and those carrying it further: every lab that crosses hosts its own way. */
    private static List<LabCatalog.Heading> comparableHeadings() {
        List<String> tutorial = new java.util.ArrayList<>(LabLoader.tutorialIds());
        tutorial.addAll(LabLoader.BEYOND_THE_TUTORIAL);
        try {
            return LabCatalog.builtIns().stream().filter(h -> tutorial.contains(h.id())).toList();
        } catch (Exception e) {
            return tutorial.stream().map(id -> new LabCatalog.Heading(id, id, 0)).toList();
        }
    }

    /** The labs ticked, in the index's order. */
    public List<String> chosen() {
        return choices.entrySet().stream().filter(e -> e.getValue().isSelected()).map(Map.Entry::getKey).toList();
    }

    /** Ticks exactly these labs. */
    public void choose(List<String> ids) {
        choices.forEach((id, box) -> box.setSelected(ids.contains(id)));
    }

    private void updateButtons() {
        int n = chosen().size();
        compare.setDisable(running || n < MIN_LABS || n > MAX_LABS || backend.getValue() == null);
        choices.values().forEach(box -> box.setDisable(running));
        backend.setDisable(running);
        png.setDisable(running || outcomes.isEmpty());
        table.setDisable(running || outcomes.isEmpty());
        if (!running && outcomes.isEmpty() && (n < MIN_LABS || n > MAX_LABS)) {
            status.setText("Tick two to four labs.");
        }
    }

    /** Whether a comparison is running. */
    public boolean running() {
        return running;
    }

    /** Stops the running comparison after its current step; its lab is torn down. */
    public void cancel() {
        if (running) {
            cancelRequested = true;
            cancel.setDisable(true);
            status.setText("Cancelling after the current step…");
        }
    }

    /**
     * Runs the labs on the chosen backend off the UI thread, showing which step of which lab runs;
     * completes once the view shows the outcome, exceptionally (CancellationException) when cancelled.
     */
    public CompletableFuture<List<LabOutcome>> compare(List<String> ids) {
        CompletableFuture<List<LabOutcome>> done = new CompletableFuture<>();
        String kind = backendKind();
        if (running || kind == null) {
            done.completeExceptionally(new IllegalStateException(running ? "a comparison is running" : "no backend can run here"));
            return done;
        }
        running = true;
        cancelRequested = false;
        cancel.setDisable(false);
        progress.setProgress(0);
        progress.setVisible(true);
        updateButtons();
        status.setText("Running " + String.join(", ", ids) + " on " + kind + "…");
        PingComparer.Progress told = new PingComparer.Progress() {
            private int labIndex = -1;
            private String lab;

            @Override
            public void step(String labId, int number, int count, String title) {
                if (!labId.equals(lab)) {
                    lab = labId;
                    labIndex++;
                }
                double fraction = (labIndex + (count == 0 ? 0 : number / (double) count)) / ids.size();
                String text = labId + " (" + (labIndex + 1) + " of " + ids.size() + ") on " + kind + ": "
                        + (number == 0 ? title : "step " + number + "/" + count + ", " + title);
                Platform.runLater(() -> {
                    if (running && !cancelRequested) {
                        progress.setProgress(fraction);
                        status.setText(text);
                    }
                });
            }

            @Override
            public boolean cancelled() {
                return cancelRequested;
            }
        };
        Thread worker = new Thread(() -> {
            try {
                List<Lab> labs = new ArrayList<>();
                for (String id : ids) {
                    labs.add(LabLoader.builtIn(id));
                }
                List<LabOutcome> out = PingComparer.compareAll(labs, kind, told);
                Platform.runLater(() -> {
                    finishRun();
                    show(out, kind);
                    done.complete(out);
                });
            } catch (java.util.concurrent.CancellationException e) {
                Platform.runLater(() -> {
                    finishRun();
                    status.setText("Cancelled; the lab that was running is torn down.");
                    done.completeExceptionally(e);
                });
            } catch (Exception e) {
                Platform.runLater(() -> {
                    finishRun();
                    status.setText(e.getMessage());
                    done.completeExceptionally(e);
                });
            }
        }, "compare-labs");
        worker.setDaemon(true);
        worker.start();
        return done;
    }

    private void finishRun() {
        running = false;
        progress.setVisible(false);
        updateButtons();
    }

    private void show(List<LabOutcome> all, String kind) {
        List<LabComparison> labs = all.stream().filter(LabOutcome::compared).map(LabOutcome::comparison).toList();
        bars.getChildren().setAll(new Label("The ping's echo request on the underlay, drawn to scale ("
                + PIXELS_PER_BYTE + " px a byte):"));
        for (LabOutcome o : all) {
            if (o.compared()) {
                bars.getChildren().add(bar(o.comparison()));
            } else {
                bars.getChildren().add(notRun(o));
            }
        }
        tableView.getChildren().clear();
        double labWidth = Math.max(200, (1120 - MEASURE_WIDTH) / (double) all.size());
        tableView.add(cell("measure", MEASURE_WIDTH, true, "compare-head-measure"), 0, 0);
        for (int i = 0; i < all.size(); i++) {
            tableView.add(cell(all.get(i).labId(), labWidth, true, "compare-head-" + all.get(i).labId()), i + 1, 0);
        }
        List<ComparisonTable.Row> rows = ComparisonTable.table(all);
        for (int r = 0; r < rows.size(); r++) {
            tableView.add(cell(rows.get(r).measure(), MEASURE_WIDTH, true, null), 0, r + 1);
            for (int i = 0; i < all.size(); i++) {
                // one item a line: routes and FDB entries read as `ip route` and `bridge fdb` list them
                String value = rows.get(r).values().get(i).replace(ComparisonTable.ITEM_SEPARATOR, "\n");
                tableView.add(cell(value, labWidth, false,
                        "compare-cell-" + r + "-" + all.get(i).labId()), i + 1, r + 1);
            }
        }
        tableRows = rows;
        long missing = all.size() - labs.size();
        status.setText("Compared " + labs.size() + " labs on " + kind
                + (missing == 0 ? "." : "; " + missing + " could not be measured (see its column)."));
        shown = List.copyOf(labs);
        outcomes = List.copyOf(all);
        updateButtons();
    }

    /** In place of a bar: the lab that was not measured, and why. */
    private static HBox notRun(LabOutcome o) {
        Label name = new Label(o.labId());
        name.setMinWidth(150);
        name.setPrefWidth(150);
        Label why = new Label(o.reason());
        why.setId("compare-not-run-" + o.labId());
        why.setWrapText(true);
        why.setStyle("-fx-text-fill: #a33;");
        HBox row = new HBox(6, name, why);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Label cell(String text, double width, boolean heading, String id) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.setMinWidth(width);
        l.setPrefWidth(width);
        l.setMaxWidth(width);
        l.setMaxHeight(Double.MAX_VALUE);
        l.setPadding(new Insets(3, 6, 3, 6));
        l.setStyle("-fx-background-color: " + (heading ? "#f0f0f0" : "white") + ";"
                + (heading ? " -fx-font-weight: bold;" : ""));
        return l;
    }

    /** The rows the table shows now. */
    public List<ComparisonTable.Row> tableRows() {
        return tableRows;
    }

    /** One lab's underlay frame: a segment per header, its width the header's bytes times the scale. */
    private static HBox bar(LabComparison c) {
        HBox row = new HBox(6);
        row.setAlignment(Pos.CENTER_LEFT);
        Label name = new Label(c.labId() + "\n" + c.underlayFrameBytes() + " B, +" + c.overheadBytes());
        name.setMinWidth(150);
        name.setPrefWidth(150);
        HBox segments = new HBox();
        segments.setId("compare-bar-" + c.labId());
        int lastTunnel = -1;
        for (int i = 0; i < c.underlayHeaders().size(); i++) {
            if (c.underlayHeaders().get(i).tunnel()) {
                lastTunnel = i;
            }
        }
        for (int i = 0; i < c.underlayHeaders().size(); i++) {
            LabComparison.Header h = c.underlayHeaders().get(i);
            String role = h.name().equals(LabComparison.DATA) ? "data" : h.tunnel() ? "tunnel" : i < lastTunnel ? "outer" : "inner";
            segments.getChildren().add(segment(h, role));
        }
        row.getChildren().addAll(name, segments);
        return row;
    }

    private static StackPane segment(LabComparison.Header h, String role) {
        double width = h.bytes() * PIXELS_PER_BYTE;
        Region fill = new Region();
        fill.setStyle("-fx-background-color: " + colour(role) + "; -fx-border-color: white; -fx-border-width: 0 1 0 0;");
        String name = h.name().equals("Ethernet") && width < 70 ? "Eth" : h.name();
        Label text = new Label(width >= 30 ? name + "\n" + h.bytes() : String.valueOf(h.bytes()));
        text.setStyle("-fx-font-size: 10px; -fx-text-fill: #111; -fx-text-alignment: center;");
        StackPane seg = new StackPane(fill, text);
        seg.setMinSize(width, 36);
        seg.setPrefSize(width, 36);
        seg.setMaxSize(width, 36);
        Tooltip.install(seg, new Tooltip(h.name() + ": " + h.bytes() + " bytes (" + role + ")"));
        return seg;
    }

    private static String colour(String role) {
        return switch (role) {
            case "outer" -> "#9ecae1";
            case "tunnel" -> "#fdae6b";
            case "inner" -> "#a1d99b";
            default -> "#d9d9d9";
        };
    }

    private static HBox legend() {
        HBox legend = new HBox(14);
        for (String role : List.of("outer", "tunnel", "inner", "data")) {
            Region swatch = new Region();
            swatch.setMinSize(14, 14);
            swatch.setStyle("-fx-background-color: " + colour(role) + ";");
            String text = switch (role) {
                case "outer" -> "underlay headers the tunnel adds";
                case "tunnel" -> "tunnel header (VXLAN, Geneve, GRE)";
                case "inner" -> "the container's own headers";
                default -> "ICMP echo data";
            };
            HBox item = new HBox(5, swatch, new Label(text));
            item.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(item);
        }
        return legend;
    }

    /** The comparisons the view shows now. */
    public List<LabComparison> shown() {
        return shown;
    }

    /** Every lab of the comparison shown now, measured or not. */
    public List<LabOutcome> outcomes() {
        return outcomes;
    }

    /** Writes the view's content (bars, legend, table) as a PNG, as many pixels a unit as the screen shows. */
    public void savePng(File file) throws IOException {
        double density = PixelDensity.of(content.getScene() == null ? null : content.getScene().getWindow());
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(new Scale(density, density));
        WritableImage image = content.snapshot(p, null);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file);
    }

    private void savePngAsked() {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName("compare.png");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            try {
                savePng(file);
                status.setText("Saved " + file.getName());
            } catch (IOException e) {
                status.setText("Cannot write " + file + ": " + e.getMessage());
            }
        }
    }

    private void saveTableAsked() {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName("compare.md");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Markdown", "*.md"),
                new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            String text = file.getName().endsWith(".csv") ? ComparisonTable.csv(outcomes) : ComparisonTable.markdown(outcomes);
            try {
                Files.writeString(file.toPath(), text, StandardCharsets.UTF_8);
                status.setText("Saved " + file.getName());
            } catch (IOException e) {
                status.setText("Cannot write " + file + ": " + e.getMessage());
            }
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /**
     * Opens the view in its own window over `owner`, offering the backends as the main window's
     * picker has them and starting with its choice. Closing the window cancels a running comparison.
     */
    public static CompareView open(Window owner, List<BackendChoice> backends, String current) {
        CompareView view = new CompareView(backends, current);
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(owner);
        stage.setTitle("OverlayLab: compare labs");
        stage.setScene(new javafx.scene.Scene(view, 1200, 820));
        stage.setOnHidden(e -> view.cancel());
        stage.show();
        return view;
    }

    /** A backend in the picker: its kind; in the list, unavailable ones greyed with the reason. */
    private static final class BackendCell extends ListCell<BackendChoice> {
        private final boolean compact;

        BackendCell(boolean compact) {
            this.compact = compact;
        }

        @Override
        protected void updateItem(BackendChoice b, boolean empty) {
            super.updateItem(b, empty);
            if (empty || b == null) {
                setText(null);
                setDisable(false);
                setTooltip(null);
                return;
            }
            setText(compact ? b.kind() : b.available() ? b.kind() + " — " + b.description()
                    : b.kind() + " — unavailable: " + b.unavailableReason());
            setDisable(!b.available());
            setTooltip(new Tooltip(b.available() ? b.description() : b.unavailableReason()));
        }
    }
}
