/*
 * The terminals without a toolkit, on the real simulator: typed commands change the canvas and the
 * inspector as a step does, Back undoes them, history and reverse search, Tab completion from the
 * topology, output in batches and Ctrl-C, the bad inputs each answered by one line, a task whose
 * checks turn green as its solution is typed, and the fault menu's commands.
 */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.session.CheckResult;

class TerminalViewModelTest {
    static final Path TASK_LAB = Path.of("src/test/resources/labs/veth-task.yaml");
    private MainViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    private List<String> texts(String key) {
        return vm.console().lines(key).items().stream().map(ConsoleViewModel.Line::text).toList();
    }

    private TerminalViewModel node1() {
        return vm.console().terminal("node1", null);
    }

    @Test
    void aTypedCommandChangesTheCanvasAndStarsTheNewRowsAndBackUndoesIt() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        assertThat(node1().prompt()).isEqualTo("node1$ ");
        node1().submit("sudo ip link add veth9 type veth peer name veth10");
        assertThat(texts("node1")).contains("node1$ sudo ip link add veth9 type veth peer name veth10");
        assertThat(node1().running().get()).isFalse();
        assertThat(vm.topology().diagram().chip(Diagram.deviceId("node1", null, "veth9"))).isPresent();
        assertThat(vm.topology().diagram().links()).anyMatch(l -> l.from().endsWith("veth9") || l.to().endsWith("veth9"));
        vm.topology().select(Diagram.hostId("node1"));
        assertThat(vm.inspector().tables().items()).anySatisfy(table -> assertThat(table.rows())
                .anySatisfy(r -> {
                    assertThat(r.cells()).anyMatch(c -> c.contains("veth9"));
                    assertThat(r.state()).isEqualTo(InspectorViewModel.RowState.NEW);
                }));
        assertThat(vm.canBack().get()).isTrue();
        vm.back();
        assertThat(vm.topology().diagram().chip(Diagram.deviceId("node1", null, "veth9"))).isEmpty();
        assertThat(texts("node1")).anyMatch(t -> t.contains("undone: sudo ip link add veth9"));
    }

    @Test
    void aTypedPingFillsThePacketList() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        int before = vm.packets().rowCount();
        node1().submit("ping -c 2 192.168.205.11");
        assertThat(texts("node1")).anyMatch(t -> t.startsWith("64 bytes from 192.168.205.11"));
        assertThat(vm.packets().rowCount()).isGreaterThan(before);
        assertThat(vm.animation().events().size()).isPositive();
    }

    @Test
    void historyWalksBackAndForthAndReverseSearchFindsOlderLines() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        TerminalViewModel t = node1();
        t.submit("ip link show");
        t.submit("hostname");
        t.submit("ip route show");
        assertThat(t.previous("half typed")).isEqualTo("ip route show");
        assertThat(t.previous("")).isEqualTo("hostname");
        assertThat(t.next()).isEqualTo("ip route show");
        assertThat(t.next()).isEqualTo("half typed");
        assertThat(t.reverseSearch("ip", 0)).isEqualTo("ip route show");
        assertThat(t.reverseSearch("ip", 1)).isEqualTo("ip link show");
        assertThat(t.reverseSearch("ip", 2)).isNull();
    }

    @Test
    void tabCompletesProgramsSubCommandsAndNamesFromTheTopology() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        TerminalViewModel t = node1();
        assertThat(t.complete("sudo ip li").beforeCaret()).isEqualTo("sudo ip link ");
        assertThat(t.complete("ovs-vs").beforeCaret()).isEqualTo("ovs-vsctl ");
        assertThat(t.complete("sudo ip link add veth9 ty").beforeCaret()).isEqualTo("sudo ip link add veth9 type ");
        assertThat(t.complete("sudo ip link add veth9 type ve").beforeCaret())
                .isEqualTo("sudo ip link add veth9 type veth ");
        assertThat(t.complete("sudo ip link set dev enp0s").beforeCaret()).isEqualTo("sudo ip link set dev enp0s");
        List<String> nics = t.complete("sudo ip link set dev enp0s").candidates();
        assertThat(nics).contains("enp0s3", "enp0s8");
        assertThat(texts("node1")).anySatisfy(l -> assertThat(l).contains("enp0s3").contains("enp0s8"));
        t.submit("sudo ip link add veth9 type veth peer name veth10");
        assertThat(t.complete("sudo ip link set veth9 master d").candidates()).containsExactly("docker0");
        assertThat(t.complete("sudo ip link set dev vet").candidates()).containsExactly("veth10", "veth9");
    }

    @Test
    void outputArrivesInBatchesAndCtrlCStopsTheCommand() {
        QueuedUi ui = new QueuedUi();
        ConsoleViewModel console = new ConsoleViewModel(ui);
        List<Runnable> posted = ui.queue;
        TerminalViewModel t = console.terminal("node1", null);
        LiveOutput[] live = new LiveOutput[1];
        console.setRunner((term, line, out) -> live[0] = out);
        t.submit("ping 10.0.0.3");
        assertThat(t.running().get()).isTrue();
        for (int i = 0; i < 50_000; i++) {
            live[0].write("64 bytes from 10.0.0.3: icmp_seq=" + i + " ttl=64 time=0.1 ms\n");
        }
        assertThat(posted).hasSize(1);
        posted.remove(0).run();
        List<String> lines = console.lines("node1").items().stream().map(ConsoleViewModel.Line::text).toList();
        assertThat(lines).last().asString().contains("icmp_seq=49999");
        assertThat(lines).anyMatch(l -> l.contains("characters of output came too fast to show"));
        assertThat(live[0].interrupted()).isFalse();
        t.interrupt();
        assertThat(live[0].interrupted()).isTrue();
        live[0].write("--- 10.0.0.3 ping statistics ---\n");
        posted.remove(0).run();
        t.finished(new CommandResult(0, "", "", List.of(), java.time.Duration.ZERO));
        assertThat(t.running().get()).isFalse();
        lines = console.lines("node1").items().stream().map(ConsoleViewModel.Line::text).toList();
        assertThat(lines.subList(lines.size() - 2, lines.size()))
                .containsExactly("--- 10.0.0.3 ping statistics ---", "^C");
    }

    @Test
    void aPartLineWaitsForItsNewlineAndIsShownWhenTheCommandEnds() {
        ConsoleViewModel console = new ConsoleViewModel();
        TerminalViewModel t = console.terminal("node1", null);
        LiveOutput[] live = new LiveOutput[1];
        console.setRunner((term, line, out) -> live[0] = out);
        t.submit("cat file");
        live[0].write("first li");
        live[0].write("ne\nsecond");
        assertThat(console.lines("node1").items()).extracting(ConsoleViewModel.Line::text)
                .containsExactly("node1$ cat file", "first line");
        t.finished(CommandResult.ok("first line\nsecond"));
        assertThat(console.lines("node1").items()).extracting(ConsoleViewModel.Line::text)
                .containsExactly("node1$ cat file", "first line", "second");
    }

    @Test
    void badInputIsAnsweredByOneLineAndTheTerminalStaysUsable() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        TerminalViewModel t = node1();
        int n = vm.console().lines("node1").size();
        t.submit("echo 'unbalanced");
        assertThat(texts("node1").subList(n, texts("node1").size())).hasSize(2).last().asString()
                .startsWith("syntax error").endsWith("nothing ran");
        n = vm.console().lines("node1").size();
        t.submit("x".repeat(100_000));
        assertThat(texts("node1").subList(n, texts("node1").size())).hasSize(2).last().asString()
                .contains("100000 characters long");
        n = vm.console().lines("node1").size();
        t.submit("ip link\u0000\u0001 show");
        assertThat(texts("node1").subList(n, texts("node1").size())).hasSize(2).last().asString()
                .contains("control character (0x00) at column 8");
        n = vm.console().lines("node1").size();
        t.submit("frobnicate --now");
        List<String> answer = texts("node1").subList(n, texts("node1").size());
        assertThat(answer.get(0)).isEqualTo("node1$ frobnicate --now");
        assertThat(answer.subList(1, answer.size())).anyMatch(l -> l.contains("frobnicate"));
        TerminalViewModel ghost = vm.console().terminal("node9", null);
        ghost.submit("hostname");
        assertThat(texts("node9")).last().asString().isEqualTo("no host node9 in this lab");
        TerminalViewModel noContainer = vm.console().openContainer("node1", "nosuch");
        noContainer.submit("ip addr");
        assertThat(texts("node1/nosuch")).last().asString().startsWith("no running container nosuch on node1");
        assertThat(t.running().get()).isFalse();
        t.submit("hostname");
        assertThat(texts("node1")).last().asString().isEqualTo("docker-node1");
    }

    @Test
    void aContainerShellRunsInTheContainer() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        Labs.runAll(vm);
        String name = vm.currentTopology().host("node1").orElseThrow().containers().stream()
                .filter(x -> x.running()).findFirst().orElseThrow().name();
        TerminalViewModel c = vm.console().openContainer("node1", name);
        assertThat(vm.console().activeHost().get()).isEqualTo("node1/" + name);
        assertThat(c.prompt()).isEqualTo("node1/" + name + "# ");
        c.submit("hostname");
        assertThat(texts("node1/" + name)).contains("node1/" + name + "# hostname");
        assertThat(texts("node1/" + name).get(texts("node1/" + name).size() - 1)).isNotBlank();
        assertThat(texts("node1/" + name)).noneMatch(l -> l.startsWith("(exit status"));
    }

    @Test
    void aTasksChecksTurnGreenAsItsSolutionIsTypedAndHintsComeOneAtATime() {
        vm = Labs.mainOnSimulator();
        vm.start();
        List<MainViewModel.Problem> problems = new ArrayList<>();
        vm.problems().subscribe(problems::add);
        vm.openLabFile(TASK_LAB);
        assertThat(problems).isEmpty();
        vm.steps().select(2);
        vm.runToSelected();
        assertThat(vm.steps().completed().get()).isEqualTo(2);
        TasksViewModel tasks = vm.tasks();
        assertThat(tasks.current().get()).isNotNull();
        assertThat(tasks.current().get().checks()).noneMatch(CheckResult::passed);
        assertThat(tasks.progress().get()).startsWith("0 of 3 checks hold");
        vm.hint();
        assertThat(tasks.hints().items()).containsExactly("ip link add NAME type veth peer name OTHER");
        node1().submit("sudo ip link add veth9 type veth peer name veth10");
        assertThat(tasks.current().get().checks()).extracting(CheckResult::passed).containsExactly(true, false, false);
        node1().submit("sudo ip link set veth9 up");
        assertThat(tasks.current().get().checks()).extracting(CheckResult::passed).containsExactly(true, true, false);
        vm.solution();
        assertThat(tasks.solution().items()).contains("node1$ sudo ip link set veth9 mtu 1400");
        node1().submit("sudo ip link set veth9 mtu 1400");
        assertThat(tasks.current().get().passing()).isTrue();
        assertThat(tasks.progress().get()).startsWith("Solved · 3 of 3 checks hold · 1 of 2 hints · solution shown");
    }

    @Test
    void theFaultMenuOffersTheContractCommandsAndTheyRunInTheRightTerminal() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        Labs.runAll(vm);
        Diagram d = vm.topology().diagram();
        List<FaultMenu.Item> nic = FaultMenu.forElement(Diagram.deviceId("node1", null, "enp0s8"), d,
                vm.currentTopology(), true);
        assertThat(nic).extracting(FaultMenu.Item::line).contains("sudo ip link set enp0s8 down",
                "sudo ip link set enp0s8 mtu 1400", "sudo tc qdisc add dev enp0s8 root netem delay 100ms");
        assertThat(FaultMenu.forElement(Diagram.deviceId("node1", null, "enp0s8"), d, vm.currentTopology(), false))
                .anyMatch(i -> i.label().endsWith("(simulator only)"));
        List<FaultMenu.Item> host = FaultMenu.forElement(Diagram.hostId("node1"), d, vm.currentTopology(), true);
        assertThat(host).extracting(FaultMenu.Item::line).contains("sudo service docker stop",
                "sudo iptables -I FORWARD -m statistic --mode random --probability 0.3 -j DROP",
                "sudo iptables -I INPUT -p gre -j DROP");
        List<FaultMenu.Item> gre = new ArrayList<>();
        for (Diagram.Link l : d.links()) {
            if (l.kind() == Diagram.LinkKind.GRE) {
                gre.addAll(FaultMenu.forElement(l.id(), d, vm.currentTopology(), true));
            }
        }
        assertThat(gre).extracting(FaultMenu.Item::line).contains("sudo iptables -I INPUT -p gre -j DROP");
        FaultMenu.Item down = nic.get(0);
        vm.console().terminal(down.host(), down.container()).submit(down.line());
        assertThat(texts("node1")).contains("node1$ sudo ip link set enp0s8 down");
        assertThat(vm.currentTopology().host("node1").orElseThrow().root().iface("enp0s8").orElseThrow().up()).isFalse();
        assertThat(node1().history()).last().isEqualTo("sudo ip link set enp0s8 down");
        vm.back();
        assertThat(vm.currentTopology().host("node1").orElseThrow().root().iface("enp0s8").orElseThrow().up()).isTrue();
    }

    /** A UI thread that runs posted work only when the test says so. */
    private static final class QueuedUi implements org.overlaylab.app.ui.base.UiThread {
        final List<Runnable> queue = new ArrayList<>();

        @Override
        public void post(Runnable work) {
            queue.add(work);
        }
    }
}
