/*
 * The event list, as in Packet Tracer: every frame of the last step in order with its time, where
 * the packet came from, where it is, and what it is. Picking a row moves the animation there and
 * selects the frame and the device; during playback the current event is highlighted. A row of
 * toggles above it limits it to the control or the data plane.
 */
package org.overlaylab.app.ui.view;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import org.overlaylab.app.ui.packets.PacketListViewModel.PlaneChoice;
import org.overlaylab.app.ui.vm.AnimationViewModel;
import org.overlaylab.app.ui.vm.MainViewModel;

public final class EventListPane extends BorderPane {
    private final TableView<AnimationViewModel.Event> table = new TableView<>();
    private final ObservableList<AnimationViewModel.Event> all = FXCollections.observableArrayList();
    private final FilteredList<AnimationViewModel.Event> shown = new FilteredList<>(all);
    private boolean following;
    private int current = -1;

    public EventListPane(MainViewModel main) {
        AnimationViewModel vm = main.animation();
        table.setId("event-list");
        table.getStyleClass().add("event-list");
        table.setFixedCellSize(24);
        table.setPlaceholder(new Label("Run a step: its frames appear here as events"));
        TableColumn<AnimationViewModel.Event, String> time = new TableColumn<>("Time (ms)");
        time.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.format(java.util.Locale.ROOT, "%.3f",
                c.getValue().virtualNanos() / 1e6)));
        time.setPrefWidth(90);
        TableColumn<AnimationViewModel.Event, String> from = new TableColumn<>("Last device");
        from.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().from()));
        from.setPrefWidth(250);
        TableColumn<AnimationViewModel.Event, String> at = new TableColumn<>("At device");
        at.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().at()));
        at.setPrefWidth(250);
        TableColumn<AnimationViewModel.Event, String> type = new TableColumn<>("Type");
        type.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().type()));
        type.setPrefWidth(200);
        for (TableColumn<AnimationViewModel.Event, String> c : java.util.List.of(time, from, at, type)) {
            c.setSortable(false);
        }
        table.getColumns().setAll(java.util.List.of(time, from, at, type));
        FxBind.list(vm.events(), all);
        table.setItems(shown);
        PlaneToggles planes = new PlaneToggles("event-plane-filter", "event-plane-", this::showPlane);
        planes.show(PlaneChoice.ALL);
        setTop(planes.row());
        setCenter(table);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AnimationViewModel.Event e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeIf(c -> c.startsWith("proto-") || c.equals("current-event"));
                if (!empty && e != null) {
                    getStyleClass().add("proto-" + PacketPane.protocolClass(e.kind()));
                    if (e.index() == current) {
                        getStyleClass().add("current-event");
                    }
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!following && b != null) {
                main.selectEvent(b.index());
            }
        });
        FxBind.run(vm.currentEvent(), i -> {
            current = i;
            table.refresh();
            if (i >= 0) {
                following = true;
                try {
                    table.scrollTo(Math.max(0, rowOf(i) - 4));
                } finally {
                    following = false;
                }
            }
        });
    }

    /** The table of events, as filtered. */
    public TableView<AnimationViewModel.Event> table() {
        return table;
    }

    private void showPlane(PlaneChoice choice) {
        shown.setPredicate(choice == PlaneChoice.ALL ? null : e -> choice.admits(e.plane()));
    }

    /** The row of the event with this index, or of the last one before it that is shown (rows keep the events' order). */
    private int rowOf(int event) {
        int lo = 0;
        int hi = shown.size() - 1;
        int row = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (shown.get(mid).index() <= event) {
                row = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return row;
    }
}
