/*
 * The Compare view: pick two to four tutorial labs, run each on the simulator to its cross-host
 * container ping, and see that ping side by side: the underlay frame as a bar drawn to scale (one
 * segment per header, the encapsulation's headers apart from the container's own), then the
 * comparison table. Exports the view as PNG and the table as Markdown or CSV.
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
import javafx.scene.control.Label;
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
import org.overlaylab.app.compare.PingComparer;
import org.overlaylab.app.ui.view.PixelDensity;
import org.overlaylab.labfile.LabCatalog;
import org.overlaylab.labfile.LabLoader;

public final class CompareView extends BorderPane {
    /** Pixels per byte: one scale for every bar, so the bars compare. */
    static final double PIXELS_PER_BYTE = 4.5;
    static final int MIN_LABS = 2;
    static final int MAX_LABS = 4;

    private final Map<String, CheckBox> choices = new LinkedHashMap<>();
    private final Button compare = new Button("Compare");
    private final Button png = new Button("PNG…");
    private final Button table = new Button("Table…");
    private final Label status = new Label();
    private final VBox bars = new VBox(8);
    /** The comparison table: a grid rather than a TableView, so long cells wrap and the PNG shows them whole. */
    private final GridPane tableView = new GridPane();
    private final VBox content = new VBox(12);
    /** Read by tests off the UI thread, so published whole once the view shows it. */
    private volatile List<LabComparison> shown = List.of();
    private List<ComparisonTable.Row> tableRows = List.of();
    static final double MEASURE_WIDTH = 250;

    public CompareView() {
        setId("compare-view");
        HBox picker = new HBox(10);
        picker.setAlignment(Pos.CENTER_LEFT);
        picker.getChildren().add(new Label("Labs:"));
        for (LabCatalog.Heading heading : tutorialHeadings()) {
            CheckBox box = new CheckBox(heading.id());
            box.setId("compare-choice-" + heading.id());
            box.setTooltip(new Tooltip(heading.title()));
            box.selectedProperty().addListener((o, was, now) -> updateButtons());
            choices.put(heading.id(), box);
            picker.getChildren().add(box);
        }
        compare.setId("compare-run");
        compare.setDefaultButton(true);
        compare.setOnAction(e -> compare(chosen()));
        png.setId("compare-png");
        png.setOnAction(e -> savePngAsked());
        table.setId("compare-table-export");
        table.setOnAction(e -> saveTableAsked());
        status.setId("compare-status");
        picker.getChildren().addAll(compare, png, table, status);
        picker.setPadding(new Insets(8));
        setTop(picker);

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

    private static List<LabCatalog.Heading> tutorialHeadings() {
        List<String> tutorial = LabLoader.tutorialIds();
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
        compare.setDisable(n < MIN_LABS || n > MAX_LABS);
        png.setDisable(shown.isEmpty());
        table.setDisable(shown.isEmpty());
        if (shown.isEmpty() && (n < MIN_LABS || n > MAX_LABS)) {
            status.setText("Tick two to four labs.");
        }
    }

    /** Runs the labs on the simulator off the UI thread; completes once the view shows them. */
    public CompletableFuture<List<LabComparison>> compare(List<String> ids) {
        CompletableFuture<List<LabComparison>> done = new CompletableFuture<>();
        compare.setDisable(true);
        status.setText("Running " + String.join(", ", ids) + " on the simulator…");
        Thread worker = new Thread(() -> {
            List<LabComparison> out = new ArrayList<>();
            try {
                for (String id : ids) {
                    out.add(PingComparer.compare(LabLoader.builtIn(id)));
                }
                Platform.runLater(() -> {
                    show(out);
                    done.complete(out);
                });
            } catch (Exception e) {
                Platform.runLater(() -> {
                    status.setText(e.getMessage());
                    updateButtons();
                    done.completeExceptionally(e);
                });
            }
        }, "compare-labs");
        worker.setDaemon(true);
        worker.start();
        return done;
    }

    private void show(List<LabComparison> labs) {
        bars.getChildren().setAll(new Label("The ping's echo request on the underlay, drawn to scale ("
                + PIXELS_PER_BYTE + " px a byte):"));
        for (LabComparison c : labs) {
            bars.getChildren().add(bar(c));
        }
        tableView.getChildren().clear();
        double labWidth = Math.max(200, (1120 - MEASURE_WIDTH) / (double) labs.size());
        tableView.add(cell("measure", MEASURE_WIDTH, true, "compare-head-measure"), 0, 0);
        for (int i = 0; i < labs.size(); i++) {
            tableView.add(cell(labs.get(i).labId(), labWidth, true, "compare-head-" + labs.get(i).labId()), i + 1, 0);
        }
        List<ComparisonTable.Row> rows = ComparisonTable.rows(labs);
        for (int r = 0; r < rows.size(); r++) {
            tableView.add(cell(rows.get(r).measure(), MEASURE_WIDTH, true, null), 0, r + 1);
            for (int i = 0; i < labs.size(); i++) {
                // one item a line: routes and FDB entries read as `ip route` and `bridge fdb` list them
                String value = rows.get(r).values().get(i).replace(ComparisonTable.ITEM_SEPARATOR, "\n");
                tableView.add(cell(value, labWidth, false,
                        "compare-cell-" + r + "-" + labs.get(i).labId()), i + 1, r + 1);
            }
        }
        tableRows = rows;
        status.setText("Compared " + labs.size() + " labs.");
        shown = List.copyOf(labs);
        updateButtons();
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
                case "tunnel" -> "tunnel header (VXLAN, GRE)";
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
            String text = file.getName().endsWith(".csv") ? ComparisonTable.csv(shown) : ComparisonTable.markdown(shown);
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

    /** Opens the view in its own window over `owner`. */
    public static CompareView open(Window owner) {
        CompareView view = new CompareView();
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(owner);
        stage.setTitle("OverlayLab: compare labs");
        stage.setScene(new javafx.scene.Scene(view, 1200, 820));
        stage.show();
        return view;
    }
}
