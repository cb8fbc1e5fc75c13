/*
 * The packet view's state: which frames of the store are listed (capture point and display filter),
 * the selected frame with its layer tree and hex lines, the bytes of the selected field, and the
 * file actions (export, open). The list is an array of frame indexes over the FrameStore, so it
 * stays small and fast with a million frames; rows are made only for what is on screen.
 * New frames arrive on backend threads and are taken in on the UI thread at most once per post;
 * filtering the whole store again runs on the compute executor.
 */
package org.overlaylab.app.ui.packets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.Subscription;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.app.capture.CapturePointNames;
import org.overlaylab.app.capture.LabCaptureFile;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.HexDump;
import org.overlaylab.packets.filter.DisplayFilter;
import org.overlaylab.packets.filter.FilterSyntaxException;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.packets.tree.Field;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

public final class PacketListViewModel {
    /** New frames are taken in at most this many per UI post, so a flood never freezes the UI. */
    static final int BATCH = 20_000;
    /** How far back the annotator looks for the device that wrapped a frame into a tunnel. */
    private static final int TRACE_LOOKBACK = 4000;
    private static final int ROW_CACHE = 2048;

    /** A row as the list shows it. */
    public record Row(int index, int number, String time, String where, String info, Protocol.Kind kind,
                      CapturedFrame.Direction direction) {
        public boolean dropped() {
            return direction == CapturedFrame.Direction.DROP;
        }
    }

    /**
     * The selected frame: its layer tree (tunnel headers annotated with who added them), its hex
     * lines, and the changes of state it caused (the routes a BGP UPDATE installed), usually none.
     */
    public record Detail(StoredFrame frame, LayerTree tree, List<String> hexLines, String where,
                         List<StateChange> effects) {
        public Detail {
            effects = List.copyOf(effects);
        }

        /** A line per change the frame caused, for the detail view: "Changed state: installs … on node1". */
        public List<String> effectLines() {
            return effects.stream().map(e -> "Changed state: " + e.description()).toList();
        }
    }

    /** Which plane the list shows: every frame, the control plane (BGP, etcd, gossip, ARP) or the data plane. */
    public enum PlaneChoice {
        ALL("All"), CONTROL("Control"), DATA("Data");

        private final String label;

        PlaneChoice(String label) {
            this.label = label;
        }

        public boolean admits(Plane plane) {
            return this == ALL || (this == CONTROL) == (plane == Plane.CONTROL);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Bytes to highlight in the hex view; bitMask is non-zero for fields narrower than their bytes. */
    public record ByteRange(int offset, int length, long bitMask) {}

    /** Hears that rows were appended at the end or that the whole list changed. */
    public interface RowsListener {
        void rowsAppended(int from, int to);

        void rowsReset(int size);
    }

    private final FrameStore store;
    private final UiThread ui;
    private final Executor compute;

    private final Value<String> filterText = new Value<>("");
    private final Value<String> filterError = new Value<>(null);
    private final Value<CaptureChoice> point = new Value<>(CaptureChoice.ANY);
    private final Value<PlaneChoice> plane = new Value<>(PlaneChoice.ALL);
    private final ListValue<CaptureChoice> choices = new ListValue<>();
    private final Value<Boolean> paused = new Value<>(false);
    private final Value<Integer> rowCount = new Value<>(0);
    private final Value<Boolean> filtering = new Value<>(false);
    private final Value<Integer> selected = new Value<>(-1);
    private final Value<Detail> detail = new Value<>(null);
    private final Value<ByteRange> highlight = new Value<>(null);
    private final List<RowsListener> rowsListeners = new ArrayList<>();

    private DisplayFilter filter = DisplayFilter.all();
    private IntArray visible = new IntArray(4096);
    /** Store index up to which frames were considered for the list. */
    private int scanned;
    private long storeGeneration;
    private int filterGeneration;
    private boolean refiltering;
    private final AtomicBoolean catchUpPosted = new AtomicBoolean();
    private final Map<Integer, Row> rowCache = new LinkedHashMap<>(ROW_CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Row> eldest) {
            return size() > ROW_CACHE;
        }
    };
    private final CapturePointNames names = new CapturePointNames();
    private int skippedOnOpen;
    private boolean[] placeMatch = new boolean[0];

    public PacketListViewModel(FrameStore store, UiThread ui, Executor compute) {
        this.store = store;
        this.ui = ui;
        this.compute = compute;
        this.storeGeneration = store.generation();
        this.scanned = store.firstIndex();
        choices.setAll(List.of(CaptureChoice.ANY));
        store.addListener(this::storeChanged);
        ui.post(this::catchUp);
    }

    // ------------------------------------------------------------------ read side

    public FrameStore store() {
        return store;
    }

    public ReadOnlyValue<String> filterText() {
        return filterText.readOnly();
    }

    /** Null while the filter text is valid; otherwise the message with the column of the problem. */
    public ReadOnlyValue<String> filterError() {
        return filterError.readOnly();
    }

    public ReadOnlyValue<CaptureChoice> capturePoint() {
        return point.readOnly();
    }

    /** The plane the list is limited to. */
    public ReadOnlyValue<PlaneChoice> plane() {
        return plane.readOnly();
    }

    public ListValue<CaptureChoice> captureChoices() {
        return choices;
    }

    public ReadOnlyValue<Boolean> paused() {
        return paused.readOnly();
    }

    public ReadOnlyValue<Integer> rowCountValue() {
        return rowCount.readOnly();
    }

    /** True while the whole store is filtered again after a filter change. */
    public ReadOnlyValue<Boolean> filtering() {
        return filtering.readOnly();
    }

    /** Index of the selected frame in the store, or -1. */
    public ReadOnlyValue<Integer> selectedFrame() {
        return selected.readOnly();
    }

    public ReadOnlyValue<Detail> detail() {
        return detail.readOnly();
    }

    public ReadOnlyValue<ByteRange> highlight() {
        return highlight.readOnly();
    }

    public int rowCount() {
        return visible.size();
    }

    public Subscription subscribeRows(RowsListener l) {
        rowsListeners.add(l);
        return () -> rowsListeners.remove(l);
    }

    /** The row at a list position, made on demand. */
    public Row row(int position) {
        int index = visible.get(position);
        Row r = rowCache.get(index);
        if (r == null) {
            r = makeRow(index);
            rowCache.put(index, r);
        }
        return r;
    }

    /** List position of a frame, or -1 when it is not listed. */
    public int positionOf(int frameIndex) {
        int p = visible.binarySearch(frameIndex);
        return p < 0 ? -1 : p;
    }

    /** Frame index at a list position. */
    public int frameAt(int position) {
        return visible.get(position);
    }

    // ------------------------------------------------------------------ actions

    /** Applies a display filter; invalid text is reported through filterError and the list keeps its filter. */
    public void applyFilter(String text) {
        filterText.set(text == null ? "" : text);
        DisplayFilter parsed;
        try {
            parsed = DisplayFilter.parse(text);
        } catch (FilterSyntaxException e) {
            filterError.set("column " + (e.position() + 1) + ": " + e.getMessage());
            return;
        }
        filterError.set(null);
        if (parsed.text().equals(filter.text())) {
            return;
        }
        filter = parsed;
        refilter();
    }

    /** Checks filter text as it is typed, without applying it. */
    public void checkFilter(String text) {
        try {
            DisplayFilter.parse(text);
            filterError.set(null);
        } catch (FilterSyntaxException e) {
            filterError.set("column " + (e.position() + 1) + ": " + e.getMessage());
        }
    }

    public void choosePoint(CaptureChoice choice) {
        if (choice == null || choice.equals(point.get())) {
            return;
        }
        point.set(choice);
        refilter();
    }

    /** Limits the list to one plane (or none); the selection stays if its frame is still listed. */
    public void choosePlane(PlaneChoice choice) {
        if (choice == null || choice == plane.get()) {
            return;
        }
        plane.set(choice);
        refilter();
    }

    public void setPaused(boolean pause) {
        paused.set(pause);
        if (!pause) {
            catchUp();
        }
    }

    /** Forgets every frame captured so far. */
    public void clear() {
        store.clear();
    }

    /** Selects a frame by its store index (-1 for none) and decodes it for the detail views. */
    public void select(int frameIndex) {
        if (frameIndex >= 0 && !store.contains(frameIndex)) {
            frameIndex = -1;
        }
        selected.set(frameIndex);
        highlight.set(null);
        if (frameIndex < 0) {
            detail.set(null);
            return;
        }
        StoredFrame f = store.get(frameIndex);
        LayerTree tree = LayerTree.of(f.data(), (i, layer) -> layer.isTunnel() ? wrappedBy(f) : null);
        detail.set(new Detail(f, tree, HexDump.lines(f.data()), where(f.host(), f.namespace(), f.device()),
                store.effects(frameIndex)));
    }

    public void selectField(Field field) {
        highlight.set(field == null ? null : new ByteRange(field.offset(), field.length(), field.bitMask()));
    }

    public void selectLayer(Layer layer) {
        highlight.set(layer == null ? null : new ByteRange(layer.offset(), layer.length(), 0));
    }

    /**
     * Writes the listed frames (after filter and capture point) as one pcapng: an interface per
     * capture point named as the list names it, each frame with the lab step it was seen in as its
     * comment. Returns how many frames were written.
     */
    public int exportPcapng(Path file) throws IOException {
        List<LabCaptureFile.Frame> frames = new ArrayList<>();
        for (int p = 0; p < visible.size(); p++) {
            int index = visible.get(p);
            if (!store.contains(index)) {
                continue;
            }
            StoredFrame f = store.get(index);
            frames.add(new LabCaptureFile.Frame(f.host(), f.namespace(), f.device(), f.timeNanos(), f.data(),
                    f.originalLength(), f.direction(), store.note(index)));
        }
        return LabCaptureFile.write(Files.newOutputStream(file), frames, names);
    }

    /** Frames of the last opened file that were not Ethernet, so not listed. */
    public int skippedOnOpen() {
        return skippedOnOpen;
    }

    /**
     * Replaces the list with the Ethernet frames of a capture file (pcap or pcapng); they show the
     * file's name as capture point, with a pcapng's interface names as devices and its comments as notes.
     */
    public int openPcap(Path file) throws IOException {
        String name = file.getFileName().toString();
        int read = 0;
        int skipped = 0;
        store.clear();
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.advance()) {
                if (r.recordLinkType() != CaptureReader.LINKTYPE_ETHERNET) {
                    skipped++;
                    continue;
                }
                String device = r.recordInterface().name() == null ? "pcap" : r.recordInterface().name();
                long frac = r.micros() & 0xffffffffL;
                long nanos = ((r.seconds() + frac / 1_000_000L) * 1_000_000L + frac % 1_000_000L) * 1000L;
                store.appendRecord(nanos, new FrameStore.Place("file", name, device), r.data(), r.originalLength(),
                        r.comment());
                read++;
            }
        }
        skippedOnOpen = skipped;
        CaptureChoice fileChoice = new CaptureChoice("file " + name, new CapturePoint("file", name, null));
        List<CaptureChoice> all = new ArrayList<>(choices.items());
        if (!all.contains(fileChoice)) {
            all.add(1, fileChoice);
            choices.setAll(all);
        }
        return read;
    }

    /** Offers the capture points of a topology: any, each host, each device (container devices by container name), each router link. */
    public void updateTopology(Topology topology) {
        names.update(topology);
        List<CaptureChoice> all = new ArrayList<>();
        all.add(CaptureChoice.ANY);
        for (Host h : topology.hosts()) {
            all.add(new CaptureChoice(h.name() + ": any", new CapturePoint(h.name(), "*", null)));
            for (NetNamespace ns : h.namespaces()) {
                String nsLabel = names.namespaceLabel(h.name(), ns.name());
                for (NetInterface dev : ns.interfaces()) {
                    if (dev.isKind("loopback")) {
                        continue;
                    }
                    String label = h.name() + (nsLabel == null ? "" : " [" + nsLabel + "]") + ": " + dev.name();
                    all.add(new CaptureChoice(label, new CapturePoint(h.name(), ns.name(), dev.name())));
                }
            }
        }
        // a lab router is no host of the topology: its links show as attachments of the segments it joins
        java.util.Set<String> hostNames = new java.util.HashSet<>();
        topology.hosts().forEach(h -> hostNames.add(h.name()));
        java.util.Map<String, List<String>> routerLinks = new java.util.LinkedHashMap<>();
        for (org.overlaylab.model.topology.Segment seg : topology.segments()) {
            for (org.overlaylab.model.topology.Segment.Attachment a : seg.attachments()) {
                if (!hostNames.contains(a.host()) && !a.host().equals("outside")) {
                    routerLinks.computeIfAbsent(a.host(), k -> new ArrayList<>()).add(a.device());
                }
            }
        }
        routerLinks.forEach((router, links) -> {
            all.add(new CaptureChoice(router + ": any", new CapturePoint(router, "*", null)));
            links.stream().sorted().forEach(link ->
                    all.add(new CaptureChoice(router + ": " + link, new CapturePoint(router, CapturePoint.HOST_NAMESPACE, link))));
        });
        choices.items().stream().filter(c -> "file".equals(c.point().host())).forEach(c -> all.add(1, c));
        rowCache.clear();
        choices.setAll(all);
        if (!all.contains(point.get())) {
            point.set(CaptureChoice.ANY);
            refilter();
        }
    }

    // ------------------------------------------------------------------ internals

    private void storeChanged() {
        if (catchUpPosted.compareAndSet(false, true)) {
            ui.post(() -> {
                catchUpPosted.set(false);
                catchUp();
            });
        }
    }

    /** Takes in frames appended since the last look, a batch at a time. */
    private void catchUp() {
        if (refiltering) {
            return;
        }
        if (store.generation() != storeGeneration) {
            storeGeneration = store.generation();
            visible = new IntArray(4096);
            scanned = store.firstIndex();
            rowCache.clear();
            if (selected.get() >= 0 && !store.contains(selected.get())) {
                select(-1);
            }
            fireReset();
        }
        if (paused.get()) {
            return;
        }
        int first = store.firstIndex();
        int trimmed = 0;
        while (trimmed < visible.size() && visible.get(trimmed) < first) {
            trimmed++;
        }
        if (trimmed > 0) {
            visible.dropFirst(trimmed);
            rowCache.clear();
            fireReset();
        }
        int end = store.endIndex();
        int from = Math.max(scanned, first);
        if (from >= end) {
            scanned = Math.max(scanned, end);
            return;
        }
        int stop = Math.min(end, from + BATCH);
        int before = visible.size();
        scan(from, stop, filter, point.get(), plane.get(), visible);
        scanned = stop;
        if (visible.size() > before) {
            fireAppended(before, visible.size());
        }
        if (stop < end) {
            storeChanged();
        }
    }

    private void scan(int from, int to, DisplayFilter f, CaptureChoice where, PlaneChoice planes, IntArray into) {
        boolean everything = f == DisplayFilter.all() && where.point().isAny() && planes == PlaneChoice.ALL;
        if (everything) {
            for (int i = from; i < to; i++) {
                into.add(i);
            }
            return;
        }
        boolean[] match = placeMatches(where);
        for (int i = from; i < to; i++) {
            if (!store.contains(i)) {
                continue;
            }
            int place = store.placeId(i);
            if (place >= match.length) {
                match = placeMatches(where);
            }
            if (!match[place]) {
                continue;
            }
            if (planes == PlaneChoice.ALL && f == DisplayFilter.all()) {
                into.add(i);
                continue;
            }
            byte[] data = store.data(i);
            if (planes.admits(Plane.of(data)) && (f == DisplayFilter.all() || f.matches(data))) {
                into.add(i);
            }
        }
    }

    private boolean[] placeMatches(CaptureChoice where) {
        int n = store.placeCount();
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            m[i] = where.matches(store.placeById(i));
        }
        return m;
    }

    /** Filters the whole store again on the compute executor, then takes in what arrived meanwhile. */
    private void refilter() {
        int generation = ++filterGeneration;
        DisplayFilter f = filter;
        CaptureChoice where = point.get();
        PlaneChoice planes = plane.get();
        int from = store.firstIndex();
        int to = store.endIndex();
        long storeGen = store.generation();
        refiltering = true;
        filtering.set(true);
        compute.execute(() -> {
            IntArray result = new IntArray(Math.max(16, (to - from) / 4));
            scan(from, to, f, where, planes, result);
            ui.post(() -> {
                if (generation != filterGeneration) {
                    return;
                }
                refiltering = false;
                filtering.set(false);
                if (storeGen != store.generation()) {
                    storeGeneration = -1;
                    catchUp();
                    return;
                }
                visible = result;
                scanned = to;
                rowCache.clear();
                fireReset();
                catchUp();
            });
        });
    }

    private void fireAppended(int from, int to) {
        rowCount.set(visible.size());
        for (RowsListener l : List.copyOf(rowsListeners)) {
            l.rowsAppended(from, to);
        }
    }

    private void fireReset() {
        rowCount.set(visible.size());
        for (RowsListener l : List.copyOf(rowsListeners)) {
            l.rowsReset(visible.size());
        }
    }

    private Row makeRow(int index) {
        if (!store.contains(index)) {
            return new Row(index, index + 1, "", "", "(frame no longer kept)", new Protocol.Kind(Protocol.OTHER,
                    Protocol.Tunnel.NONE), CapturedFrame.Direction.IN);
        }
        StoredFrame f = store.get(index);
        long rel = f.timeNanos() - store.firstTimeNanos();
        String time = String.format("%d.%06d", rel / 1_000_000_000L, (rel % 1_000_000_000L) / 1000L);
        String info = info(f);
        return new Row(index, f.number(), time, where(f.host(), f.namespace(), f.device()) + " "
                + directionText(f.direction()), info, Protocol.classify(f.data()), f.direction());
    }

    /** tcpdump's text for the frame without the timestamp; a tunnelled frame keeps its second line. */
    static String info(StoredFrame f) {
        // a fresh formatter per frame: rows are made in any order, so TCP numbers are shown absolute (tcpdump -S)
        TcpdumpFormatter fmt = new TcpdumpFormatter(ZoneOffset.UTC, false);
        StringBuilder sb = new StringBuilder(128);
        long micros = Math.floorDiv(f.timeNanos(), 1000L);
        fmt.format(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L), f.data(), 0,
                f.data().length, Math.max(f.originalLength(), f.data().length), sb);
        String text = sb.toString();
        if (text.length() > 16 && text.charAt(2) == ':' && text.charAt(8) == '.' && text.charAt(15) == ' ') {
            text = text.substring(16);
        }
        if (f.dropReason() != null) {
            text = text + "  [dropped: " + f.dropReason() + "]";
        }
        return text;
    }

    private static String directionText(CapturedFrame.Direction d) {
        return switch (d) {
            case IN -> "In";
            case OUT -> "Out";
            case DROP -> "Drop";
        };
    }

    /** "node1 enp0s8", "node1 [test1] eth0", "outside isp eth1". */
    public String where(String host, String namespace, String device) {
        return names.name(host, namespace, device);
    }

    /**
     * The device that put the frame into its tunnel: walking back along the same packet, the last
     * place it was seen unwrapped (node1:vxlan0); without such a sighting, the first wrapped one.
     */
    private String wrappedBy(StoredFrame f) {
        if (f.traceId() == 0) {
            return null;
        }
        int lowest = Math.max(store.firstIndex(), f.index() - TRACE_LOOKBACK);
        StoredFrame earliestWrapped = null;
        for (int i = f.index(); i >= lowest; i--) {
            StoredFrame other = store.get(i);
            if (other.traceId() != f.traceId()) {
                continue;
            }
            if (Protocol.classify(other.data()).tunnel() == Protocol.Tunnel.NONE) {
                return "added by " + other.host() + ":" + other.device();
            }
            earliestWrapped = other;
        }
        return earliestWrapped == null ? null : "added by " + earliestWrapped.host() + ":" + earliestWrapped.device();
    }
}
