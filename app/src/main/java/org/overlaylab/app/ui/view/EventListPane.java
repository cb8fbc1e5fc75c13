/*
 * The event list, as in Packet Tracer: every frame of the last step in order with its time, where
 * the packet came from, where it is, and what it is. Picking a row moves the animation there and
 * selects the frame and the device; during playback the current event is highlighted.
 */
package org.overlaylab.app.ui.view;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.overlaylab.app.ui.vm.AnimationViewModel;
import org.overlaylab.app.ui.vm.MainViewModel;

public final class EventListPane extends TableView<AnimationViewModel.Event> {
    private boolean following;
    private int current = -1;

    public EventListPane(MainViewModel main) {
        AnimationViewModel vm = main.animation();
        setId("event-list");
        getStyleClass().add("event-list");
        setFixedCellSize(24);
        setPlaceholder(new Label("Run a step: its frames appear here as events"));
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
        getColumns().setAll(java.util.List.of(time, from, at, type));
        FxBind.list(vm.events(), getItems());
        setRowFactory(t -> new TableRow<>() {
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
        getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!following && b.intValue() >= 0) {
                main.selectEvent(b.intValue());
            }
        });
        FxBind.run(vm.currentEvent(), i -> {
            current = i;
            refresh();
            if (i >= 0) {
                following = true;
                try {
                    scrollTo(Math.max(0, i - 4));
                } finally {
                    following = false;
                }
            }
        });
    }
}
