/*
 * The docker client of Docker 1.12 (and the daemon it starts with `docker daemon`, as the tutorial
 * spells it, or `dockerd`): network create/ls/inspect/rm, run, ps, start, stop, rm, exec, inspect
 * with --format, images, info, version; on a host with Docker 20.10, ModernCli's swarm, node,
 * info and network output. Output follows that release's tables and JSON; errors are
 * the daemon's messages with the exit statuses the client uses (125 for a failed run).
 */
package org.overlaylab.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.shell.Shell;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.text.Times;
import org.overlaylab.simulator.world.SimHost;

public final class DockerCli implements Program {
    private static final String NOT_RUNNING = "Cannot connect to the Docker daemon. Is the docker daemon running on this host?";

    /** `dockerd` itself: the same as `docker daemon`. */
    public static final Program DOCKERD = inv -> daemon(inv, inv.rest());

    @Override
    public int run(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        String remote = null;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String opt = a.remove(0);
            if ((opt.equals("-H") || opt.equals("--host")) && !a.isEmpty()) {
                remote = a.remove(0);
            } else if (opt.startsWith("-H=") || opt.startsWith("--host=")) {
                remote = opt.substring(opt.indexOf('=') + 1);
            } else if (opt.equals("-v") || opt.equals("--version")) {
                DockerEngine local = inv.host.docker();
                inv.println(local != null && local.modern() ? ModernCli.versionLine()
                        : "Docker version " + DockerEngine.VERSION + ", build 78d1802");
                return 0;
            }
        }
        if (a.isEmpty()) {
            inv.print("Usage: docker [OPTIONS] COMMAND [arg...]\n       docker [ --help | -v | --version ]\n\n"
                    + "A self-sufficient runtime for containers.\n");
            return 0;
        }
        String cmd = a.remove(0);
        if (cmd.equals("daemon")) {
            return daemon(inv, a);
        }
        DockerEngine engine = target(inv, remote);
        if (engine == null) {
            return inv.fail(1, remote == null ? NOT_RUNNING
                    : "Cannot connect to the Docker daemon at " + remote + ". Is the docker daemon running?");
        }
        if (remote == null && !inv.root) {
            return inv.fail(1, NOT_RUNNING);
        }
        try {
            return switch (cmd) {
                case "network" -> network(inv, engine, a);
                case "swarm" -> engine.modern() ? ModernCli.swarm(inv, engine, a)
                        : inv.fail(1, "'docker swarm' of Docker " + DockerEngine.VERSION + " is not simulated here; "
                                + "the swarm lab's hosts run docker.io " + DockerEngine.MODERN_VERSION);
                case "node" -> engine.modern() ? ModernCli.node(inv, engine, a)
                        : inv.fail(1, "'docker node' of Docker " + DockerEngine.VERSION + " is not simulated here; "
                                + "the swarm lab's hosts run docker.io " + DockerEngine.MODERN_VERSION);
                case "run" -> run(inv, engine, a);
                case "ps" -> ps(inv, engine, a);
                case "start" -> start(inv, engine, a);
                case "stop", "kill" -> stop(inv, engine, a, cmd.equals("stop"));
                case "restart" -> {
                    stop(inv, engine, a, true);
                    yield start(inv, engine, a);
                }
                case "rm" -> rm(inv, engine, a);
                case "exec" -> exec(inv, engine, a);
                case "inspect" -> inspect(inv, engine, a);
                case "images" -> images(inv, engine);
                case "pull" -> {
                    if (a.isEmpty()) {
                        yield inv.fail(1, "\"docker pull\" requires exactly 1 argument(s).");
                    }
                    StringBuilder log = new StringBuilder();
                    engine.ensureImage(a.get(0), log::append);
                    inv.print(log.toString().replace("Unable to find image '" + DockerEngine.normalizeImage(a.get(0))
                            + "' locally\n", ""));
                    yield 0;
                }
                case "info" -> {
                    if (engine.modern()) {
                        ModernCli.info(inv, engine);
                        yield 0;
                    }
                    yield info(inv, engine);
                }
                case "version" -> {
                    inv.print("Client:\n Version:      " + DockerEngine.VERSION + "\n API version:  1.24\n Go version:   go1.6.2\n"
                            + " Git commit:   78d1802\n OS/Arch:      linux/amd64\n\nServer:\n Version:      "
                            + DockerEngine.VERSION + "\n API version:  1.24\n Go version:   go1.6.2\n Git commit:   78d1802\n"
                            + " OS/Arch:      linux/amd64\n");
                    yield 0;
                }
                case "logs" -> 0;
                default -> inv.fail(1, "docker: '" + cmd + "' is not a docker command.\nSee 'docker --help'.");
            };
        } catch (DockerEngine.DockerError e) {
            return inv.fail(1, "Error response from daemon: " + e.getMessage());
        }
    }

    /** The daemon the client talks to: the local one over the socket, or another host's over TCP 2375. */
    private static DockerEngine target(Invocation inv, String remote) {
        if (remote == null || remote.startsWith("unix://")) {
            DockerEngine d = inv.host.docker();
            return d != null && d.running() ? d : null;
        }
        String hp = remote.replaceFirst("^tcp://", "");
        String ip = hp.replaceFirst(":.*", "");
        SimHost h = Ipv4.isValid(ip) && (ip.startsWith("127.") || inv.host.root().isLocalAddress(Ipv4.parse(ip)))
                ? inv.host : inv.world.hostWithUnderlayIp(ip);
        if (h == null || h.docker() == null || !h.docker().running() || !h.docker().config().listensOnTcp()) {
            return null;
        }
        inv.note("the Docker API on TCP port 2375 has no authentication: anyone who reaches it controls this daemon");
        return h.docker();
    }

    // ------------------------------------------------------------------ daemon

    private static int daemon(Invocation inv, List<String> args) {
        if (!inv.root) {
            return inv.fail(1, "FATA[0000] Error starting daemon: open /var/run/docker.pid: permission denied");
        }
        DockerEngine engine = inv.host.docker();
        if (engine == null) {
            return inv.fail(127, "docker: command not found");
        }
        DaemonConfig cfg;
        try {
            cfg = DaemonConfig.parse(args);
        } catch (IllegalArgumentException e) {
            return inv.fail(125, e.getMessage() + "\nSee 'docker daemon --help'.");
        }
        StringBuilder log = new StringBuilder();
        try {
            engine.start(cfg, DockerEngine.Origin.MANUAL, log);
        } catch (DockerEngine.DockerError e) {
            inv.err.append(log);
            return inv.fail(1, "FATA[0001] Error starting daemon: " + e.getMessage() + " ");
        }
        inv.err.append(log);
        if (cfg.clusterStore() != null) {
            // a daemon with a cluster store spends its first moments in the cluster (etcd client, discovery,
            // Serf's join) before it serves, as the real one does while its start is awaited
            inv.world.clock().advance(DockerEngine.CLUSTER_START);
            inv.world.settle();
        }
        if (inv.mode == Invocation.Mode.FOREGROUND) {
            inv.note("the daemon keeps running in this terminal; the lab goes on while it serves");
        }
        return 0;
    }

    // ------------------------------------------------------------------ networks

    private static int network(Invocation inv, DockerEngine engine, List<String> a) throws DockerEngine.DockerError {
        String sub = a.isEmpty() ? "" : a.remove(0);
        switch (sub) {
            case "create" -> {
                String driver = "bridge";
                String ipam = null;
                String subnet = null;
                String name = null;
                boolean attachable = false;
                for (int i = 0; i < a.size(); i++) {
                    String w = a.get(i);
                    if (w.equals("--attachable") && engine.modern()) {
                        attachable = true;
                    } else if ((w.equals("-d") || w.equals("--driver")) && i + 1 < a.size()) {
                        driver = a.get(++i);
                    } else if (w.startsWith("--driver=")) {
                        driver = w.substring(9);
                    } else if (w.equals("--ipam-driver") && i + 1 < a.size()) {
                        ipam = a.get(++i);
                    } else if (w.startsWith("--ipam-driver=")) {
                        ipam = w.substring(14);
                    } else if (w.equals("--subnet") && i + 1 < a.size()) {
                        subnet = a.get(++i);
                    } else if (w.startsWith("--subnet=")) {
                        subnet = w.substring(9);
                    } else if (!w.startsWith("-")) {
                        name = w;
                    }
                }
                if (name == null) {
                    return inv.fail(1, "\"docker network create\" requires exactly 1 argument(s).\nSee 'docker network create --help'.");
                }
                DockerEngine.NetworkView n = engine.createNetwork(name, driver, ipam, subnet, attachable);
                inv.println(n.id());
                return 0;
            }
            case "ls" -> {
                if (engine.modern() && formatOption(a) == null) {
                    return ModernCli.networkLs(inv, engine, a);
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"NETWORK ID", "NAME", "DRIVER", "SCOPE"});
                List<DockerEngine.NetworkView> nets = new ArrayList<>(engine.networks());
                nets.sort((x, y) -> x.name().compareTo(y.name()));
                String format = formatOption(a);
                if (format != null) {
                    List<ObjectNode> items = new ArrayList<>();
                    for (DockerEngine.NetworkView n : nets) {
                        ObjectNode j = JsonText.object();
                        j.put("ID", n.id().substring(0, 12));
                        j.put("Name", n.name());
                        j.put("Driver", n.driver());
                        j.put("Scope", n.scope());
                        j.put("IPv6", "false");
                        j.put("Internal", "false");
                        items.add(j);
                    }
                    return printFormatted(inv, format, items);
                }
                if (a.contains("-q") || a.contains("--quiet")) {
                    nets.forEach(n -> inv.println(n.id().substring(0, 12)));
                    return 0;
                }
                for (DockerEngine.NetworkView n : nets) {
                    rows.add(new String[] {n.id().substring(0, 12), n.name(), n.driver(), n.scope()});
                }
                inv.print(table(rows));
                return 0;
            }
            case "inspect" -> {
                String format = formatOption(a);
                ArrayNode arr = JsonText.array();
                List<ObjectNode> items = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    String name = a.get(i);
                    if (name.equals("--format") || name.equals("-f")) {
                        i++;
                        continue;
                    }
                    if (name.startsWith("-")) {
                        continue;
                    }
                    DockerEngine.NetworkView n = engine.network(name);
                    if (n == null) {
                        if (format == null) {
                            inv.println("[]");
                        }
                        return inv.fail(1, "Error: No such network: " + name);
                    }
                    arr.add(engine.modern() ? ModernCli.networkJson(engine, n) : networkJson(engine, n));
                    items.add(templateView(engine.modern() ? ModernCli.networkJson(engine, n) : networkJson(engine, n)));
                }
                if (format != null) {
                    return printFormatted(inv, format, items);
                }
                inv.println(JsonText.pretty(arr, "    "));
                return 0;
            }
            case "rm" -> {
                for (String name : a) {
                    engine.removeNetwork(name);
                    inv.println(name);
                }
                return 0;
            }
            default -> {
                return inv.fail(1, "Usage:\tdocker network COMMAND\n\nManage Docker networks\n\nCommands:\n"
                        + "  connect     Connect a container to a network\n  create      Create a network\n"
                        + "  disconnect  Disconnect a container from a network\n  inspect     Display detailed information on one or more networks\n"
                        + "  ls          List networks\n  rm          Remove one or more networks");
            }
        }
    }

    /**
     * A network as --format sees it: Docker runs the template on its Go structs, where a field the
     * JSON leaves out when empty (omitempty) is still there, empty: an IPAM config's IPRange and Gateway.
     */
    static ObjectNode templateView(ObjectNode network) {
        for (JsonNode c : network.path("IPAM").path("Config")) {
            if (c instanceof ObjectNode o) {
                if (!o.has("IPRange")) {
                    o.put("IPRange", "");
                }
                if (!o.has("Gateway")) {
                    o.put("Gateway", "");
                }
            }
        }
        return network;
    }

    static ObjectNode networkJson(DockerEngine engine, DockerEngine.NetworkView n) {
        ObjectNode j = JsonText.object();
        j.put("Name", n.name());
        j.put("Id", n.id());
        j.put("Scope", n.scope());
        j.put("Driver", n.driver());
        j.put("EnableIPv6", false);
        ObjectNode ipam = j.putObject("IPAM");
        ipam.put("Driver", n.ipamDriver());
        if (n.name().equals("bridge")) {
            ipam.putNull("Options");
        } else {
            ipam.putObject("Options");
        }
        ArrayNode cfg = ipam.putArray("Config");
        if (n.subnet() != null) {
            ObjectNode c = cfg.addObject();
            c.put("Subnet", n.subnet().toString());
            if (n.gateway() != null && engine.showsConfiguredGateway(n)) {
                c.put("Gateway", Ipv4.format(n.gateway()));
            }
        }
        j.put("Internal", false);
        ObjectNode containers = j.putObject("Containers");
        for (ContainerRecord c : engine.containers()) {
            ContainerRecord.Endpoint ep = c.endpoints().get(n.name());
            if (ep != null && c.running()) {
                ObjectNode e = containers.putObject(c.id());
                e.put("Name", c.name());
                e.put("EndpointID", ep.endpointId());
                e.put("MacAddress", ep.mac());
                e.put("IPv4Address", ep.address().toString());
                e.put("IPv6Address", "");
            }
        }
        ObjectNode opts = j.putObject("Options");
        n.options().forEach(opts::put);
        j.putObject("Labels");
        return j;
    }

    // ------------------------------------------------------------------ containers

    private static int run(Invocation inv, DockerEngine engine, List<String> a) throws DockerEngine.DockerError {
        boolean detach = false;
        String name = null;
        String net = null;
        int i = 0;
        for (; i < a.size(); i++) {
            String w = a.get(i);
            if (!w.startsWith("-")) {
                break;
            }
            switch (w) {
                case "-d", "--detach" -> detach = true;
                case "-it", "-ti", "-i", "-t", "--rm", "--privileged" -> { }
                case "--name", "--net", "--network", "-e", "-v", "-p", "--ip", "--restart", "-h", "--hostname" -> {
                    String v = i + 1 < a.size() ? a.get(++i) : null;
                    if (w.equals("--name")) {
                        name = v;
                    } else if (w.equals("--net") || w.equals("--network")) {
                        net = v;
                    }
                }
                default -> {
                    if (w.startsWith("--name=")) {
                        name = w.substring(7);
                    } else if (w.startsWith("--net=") || w.startsWith("--network=")) {
                        net = w.substring(w.indexOf('=') + 1);
                    } else if (w.equals("-dit") || w.equals("-itd") || w.equals("-di") || w.equals("-td")) {
                        detach = true;
                    }
                }
            }
        }
        if (i >= a.size()) {
            return inv.fail(125, "docker: \"run\" requires a minimum of 1 argument.\nSee 'docker run --help'.");
        }
        String image = a.get(i);
        List<String> command = new ArrayList<>(a.subList(i + 1, a.size()));
        if (command.isEmpty()) {
            command.add(DockerEngine.userlandOf(image) == Invocation.Userland.CENTOS ? "/bin/bash" : "sh");
        }
        engine.ensureImage(image, inv.err::append);
        ContainerRecord c;
        try {
            c = engine.create(name, DockerEngine.normalizeImage(image).replace(":latest", ""), command, net);
        } catch (DockerEngine.DockerError e) {
            return inv.fail(125, "docker: Error response from daemon: " + e.getMessage() + "\nSee 'docker run --help'.");
        }
        try {
            engine.start(c);
        } catch (DockerEngine.DockerError e) {
            if (detach && engine.modern()) {
                // the 20.10 client prints the created container's ID before the start fails
                inv.println(c.id());
            }
            return inv.fail(125, "docker: Error response from daemon: " + e.getMessage());
        }
        if (detach) {
            inv.println(c.id());
            return 0;
        }
        String line = String.join(" ", command.stream().map(DockerCli::quote).toList());
        Shell.Outcome out = runInContainer(inv, engine, c, line);
        out.replayInto(inv);
        engine.stopContainer(c, false);
        c.exitCode = out.status();
        return out.status();
    }

    private static Shell.Outcome runInContainer(Invocation inv, DockerEngine engine, ContainerRecord c, String line) {
        NetNs ns = engine.namespaceOf(c);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", c.id().substring(0, 12));
        Shell.Context ctx = new Shell.Context(inv.host, ns == null ? inv.host.root() : ns, DockerEngine.userlandOf(c.image()),
                c.name(), env, true);
        return inv.world.shell().runInside(ctx, line, inv);
    }

    static String quote(String w) {
        if (w.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }

    private static int exec(Invocation inv, DockerEngine engine, List<String> a) {
        int i = 0;
        while (i < a.size() && a.get(i).startsWith("-")) {
            i++;
        }
        if (i + 1 >= a.size()) {
            return inv.fail(1, "\"docker exec\" requires a minimum of 2 argument(s).\nSee 'docker exec --help'.");
        }
        ContainerRecord c = engine.container(a.get(i));
        if (c == null) {
            return inv.fail(1, "Error response from daemon: No such container: " + a.get(i));
        }
        if (!c.running()) {
            return inv.fail(1, "Error response from daemon: Container " + c.id() + " is not running");
        }
        List<String> cmd = a.subList(i + 1, a.size());
        String line = String.join(" ", cmd.stream().map(DockerCli::quote).toList());
        Shell.Outcome out = runInContainer(inv, engine, c, line);
        if (out.status() == -127) {
            return inv.fail(126, "rpc error: code = 2 desc = oci runtime error: exec failed: exec: \"" + cmd.get(0)
                    + "\": executable file not found in $PATH");
        }
        out.replayInto(inv);
        return out.status();
    }

    /** The value of --format/-f in a command's arguments, or null. */
    private static String formatOption(List<String> a) {
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if ((w.equals("--format") || w.equals("-f")) && i + 1 < a.size()) {
                return a.get(i + 1);
            }
            if (w.startsWith("--format=")) {
                return w.substring(9);
            }
        }
        return null;
    }

    /** Prints one line per item through a Go template, as `docker ps/network ls --format` do. */
    private static int printFormatted(Invocation inv, String format, List<ObjectNode> items) {
        // Docker's formatter trims the template and turns the escapes \t and \n into the characters
        format = format.strip().replace("\\t", "\t").replace("\\n", "\n");
        if (format.startsWith("table")) {
            return inv.fail(1, "'--format \"table ...\"' is not simulated here; it runs on the netns and ssh backends");
        }
        for (ObjectNode j : items) {
            try {
                inv.println(GoTemplate.render(format, j));
            } catch (GoTemplate.TemplateError e) {
                return inv.fail(1, "Template parsing error: " + e.getMessage());
            }
        }
        return 0;
    }

    private static int ps(Invocation inv, DockerEngine engine, List<String> a) {
        boolean all = false;
        boolean quiet = false;
        for (String w : a) {
            if (w.matches("-[aq]+")) {
                all |= w.contains("a");
                quiet |= w.contains("q");
            } else if (w.equals("--all")) {
                all = true;
            } else if (w.equals("--quiet")) {
                quiet = true;
            }
        }
        String format = formatOption(a);
        long now = inv.world.clock().now();
        List<ContainerRecord> list = new ArrayList<>(engine.containers());
        java.util.Collections.reverse(list);
        List<String[]> rows = new ArrayList<>();
        List<ObjectNode> formatted = new ArrayList<>();
        rows.add(new String[] {"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"});
        for (ContainerRecord c : list) {
            if (!all && !c.running()) {
                continue;
            }
            if (quiet) {
                inv.println(c.id().substring(0, 12));
                continue;
            }
            String command = String.join(" ", c.command());
            if (command.length() > 20) {
                command = command.substring(0, 20);
            }
            String status = switch (c.state()) {
                case "running" -> "Up " + Times.humanDuration(now - c.startedAt());
                case "exited" -> "Exited (" + c.exitCode() + ") " + Times.humanDuration(now - c.finishedAt()) + " ago";
                default -> "Created";
            };
            if (format != null) {
                ObjectNode j = JsonText.object();
                j.put("ID", c.id().substring(0, 12));
                j.put("Image", c.image());
                j.put("Command", "\"" + command + "\"");
                j.put("RunningFor", Times.humanDuration(now - c.created()) + " ago");
                j.put("Status", status);
                j.put("State", c.state());
                j.put("Ports", "");
                j.put("Names", c.name());
                j.put("Networks", String.join(",", c.networks()));
                formatted.add(j);
                continue;
            }
            rows.add(new String[] {c.id().substring(0, 12), c.image(), "\"" + command + "\"",
                    Times.humanDuration(now - c.created()) + " ago", status, "", c.name()});
        }
        if (format != null && !quiet) {
            return printFormatted(inv, format, formatted);
        }
        if (!quiet) {
            inv.print(table(rows));
        }
        return 0;
    }

    private static int start(Invocation inv, DockerEngine engine, List<String> names) throws DockerEngine.DockerError {
        for (String n : names) {
            ContainerRecord c = engine.container(n);
            if (c == null) {
                return inv.fail(1, "Error response from daemon: No such container: " + n
                        + "\nError: failed to start containers: " + n);
            }
            engine.start(c);
            inv.println(n);
        }
        return 0;
    }

    private static int stop(Invocation inv, DockerEngine engine, List<String> names, boolean graceful) {
        for (String n : names) {
            if (n.startsWith("-")) {
                continue;
            }
            ContainerRecord c = engine.container(n);
            if (c == null) {
                return inv.fail(1, "Error response from daemon: No such container: " + n);
            }
            engine.stopContainer(c, graceful);
            inv.println(n);
        }
        return 0;
    }

    private static int rm(Invocation inv, DockerEngine engine, List<String> args) {
        boolean force = args.contains("-f") || args.contains("--force");
        int status = 0;
        for (String n : args) {
            if (n.startsWith("-")) {
                continue;
            }
            ContainerRecord c = engine.container(n);
            if (c == null) {
                status = inv.fail(1, "Error response from daemon: No such container: " + n);
                continue;
            }
            if (c.running() && !force) {
                status = inv.fail(1, "Error response from daemon: You cannot remove a running container " + c.id()
                        + ". Stop the container before attempting removal or use -f");
                continue;
            }
            engine.stopContainer(c, false);
            engine.remove(c);
            inv.println(n);
        }
        return status;
    }

    private static int inspect(Invocation inv, DockerEngine engine, List<String> a) {
        String format = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if ((w.equals("--format") || w.equals("-f")) && i + 1 < a.size()) {
                format = a.get(++i);
            } else if (w.startsWith("--format=")) {
                format = w.substring(9);
            } else if (!w.startsWith("-")) {
                names.add(w);
            }
        }
        ArrayNode arr = JsonText.array();
        int status = 0;
        for (String n : names) {
            ContainerRecord c = engine.container(n);
            ObjectNode j;
            if (c != null) {
                j = containerJson(inv, engine, c);
            } else {
                DockerEngine.NetworkView net = engine.network(n);
                if (net == null) {
                    status = inv.fail(1, "Error: No such image, container or task: " + n);
                    continue;
                }
                j = format == null ? networkJson(engine, net) : templateView(networkJson(engine, net));
            }
            if (format != null) {
                try {
                    inv.println(GoTemplate.render(format, j));
                } catch (GoTemplate.TemplateError e) {
                    return inv.fail(1, "Template parsing error: " + e.getMessage());
                }
            } else {
                arr.add(j);
            }
        }
        if (format == null) {
            inv.println(JsonText.pretty(arr, "    "));
        }
        return status;
    }

    static ObjectNode containerJson(Invocation inv, DockerEngine engine, ContainerRecord c) {
        ObjectNode j = JsonText.object();
        j.put("Id", c.id());
        j.put("Created", Times.rfc3339(c.created()));
        j.put("Path", c.command().get(0));
        ArrayNode args = j.putArray("Args");
        c.command().subList(1, c.command().size()).forEach(args::add);
        ObjectNode st = j.putObject("State");
        st.put("Status", c.state());
        st.put("Running", c.running());
        st.put("Paused", false);
        st.put("Restarting", false);
        st.put("OOMKilled", false);
        st.put("Dead", false);
        st.put("Pid", c.running() ? c.pid() : 0);
        st.put("ExitCode", c.exitCode());
        st.put("Error", "");
        st.put("StartedAt", c.startedAt() == 0 ? "0001-01-01T00:00:00Z" : Times.rfc3339(c.startedAt()));
        st.put("FinishedAt", c.finishedAt() == 0 ? "0001-01-01T00:00:00Z" : Times.rfc3339(c.finishedAt()));
        j.put("Image", "sha256:" + inv.world.random().hex("image-id:" + c.image(), 32));
        j.put("ResolvConfPath", "/var/lib/docker/containers/" + c.id() + "/resolv.conf");
        j.put("HostnamePath", "/var/lib/docker/containers/" + c.id() + "/hostname");
        j.put("HostsPath", "/var/lib/docker/containers/" + c.id() + "/hosts");
        j.put("Name", "/" + c.name());
        j.put("RestartCount", 0);
        j.put("Driver", "aufs");
        ObjectNode hc = j.putObject("HostConfig");
        hc.put("NetworkMode", c.networks().get(0).equals("bridge") ? "default" : c.networks().get(0));
        ObjectNode cfg = j.putObject("Config");
        cfg.put("Hostname", c.id().substring(0, 12));
        cfg.put("Domainname", "");
        cfg.put("User", "");
        cfg.put("Tty", false);
        cfg.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ArrayNode cmd = cfg.putArray("Cmd");
        c.command().forEach(cmd::add);
        cfg.put("Image", c.image());
        cfg.put("WorkingDir", "");
        ObjectNode ns = j.putObject("NetworkSettings");
        ns.put("Bridge", "");
        ns.put("SandboxID", c.sandboxId() == null ? "" : inv.world.random().hex("sandbox-json:" + c.id(), 32));
        ns.put("HairpinMode", false);
        ns.put("LinkLocalIPv6Address", "");
        ns.put("LinkLocalIPv6PrefixLen", 0);
        ns.putObject("Ports");
        ns.put("SandboxKey", c.sandboxId() == null ? "" : "/var/run/docker/netns/" + c.sandboxId());
        ns.putNull("SecondaryIPAddresses");
        ns.putNull("SecondaryIPv6Addresses");
        ContainerRecord.Endpoint def = c.endpoints().get("bridge");
        ns.put("EndpointID", def == null ? "" : def.endpointId());
        ns.put("Gateway", def == null || def.gateway() == null ? "" : Ipv4.format(def.gateway()));
        ns.put("GlobalIPv6Address", "");
        ns.put("GlobalIPv6PrefixLen", 0);
        ns.put("IPAddress", def == null ? "" : def.address().addressText());
        ns.put("IPPrefixLen", def == null ? 0 : def.address().prefixLength());
        ns.put("IPv6Gateway", "");
        ns.put("MacAddress", def == null ? "" : def.mac());
        ObjectNode nets = ns.putObject("Networks");
        for (String netName : c.networks()) {
            ContainerRecord.Endpoint ep = c.endpoints().get(netName);
            DockerEngine.NetworkView view = engine.network(netName);
            ObjectNode e = nets.putObject(netName);
            e.putNull("IPAMConfig");
            e.putNull("Links");
            e.putNull("Aliases");
            e.put("NetworkID", view == null ? "" : view.id());
            e.put("EndpointID", ep == null ? "" : ep.endpointId());
            e.put("Gateway", ep == null || ep.gateway() == null ? "" : Ipv4.format(ep.gateway()));
            e.put("IPAddress", ep == null ? "" : ep.address().addressText());
            e.put("IPPrefixLen", ep == null ? 0 : ep.address().prefixLength());
            e.put("IPv6Gateway", "");
            e.put("GlobalIPv6Address", "");
            e.put("GlobalIPv6PrefixLen", 0);
            e.put("MacAddress", ep == null ? "" : ep.mac());
        }
        return j;
    }

    private static int images(Invocation inv, DockerEngine engine) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
        for (ContainerRecord c : engine.containers()) {
            String ref = DockerEngine.normalizeImage(c.image());
            String repo = ref.substring(0, ref.lastIndexOf(':'));
            String tag = ref.substring(ref.lastIndexOf(':') + 1);
            String[] row = {repo, tag, inv.world.random().hex("image-id:" + c.image(), 32).substring(0, 12), "3 weeks ago",
                    repo.contains("busybox") ? "1.129 MB" : repo.contains("calico") ? "280.5 MB" : "192.5 MB"};
            if (rows.stream().noneMatch(r -> r[0].equals(repo) && r[1].equals(tag))) {
                rows.add(row);
            }
        }
        inv.print(table(rows));
        return 0;
    }

    private static int info(Invocation inv, DockerEngine engine) {
        long running = engine.containers().stream().filter(ContainerRecord::running).count();
        inv.println("Containers: " + engine.containers().size());
        inv.println(" Running: " + running);
        inv.println(" Paused: 0");
        inv.println(" Stopped: " + (engine.containers().size() - running));
        inv.println("Server Version: " + DockerEngine.VERSION);
        inv.println("Storage Driver: aufs");
        inv.println("Network: bridge host null overlay" + (inv.host.calico() != null ? " calico" : ""));
        inv.println("Kernel Version: 4.4.0-97-generic");
        inv.println("Operating System: Ubuntu 16.04.3 LTS");
        inv.println("Name: " + inv.host.hostname());
        if (engine.config().clusterStore() != null) {
            inv.println("Cluster Store: " + engine.config().clusterStore());
        }
        if (engine.config().clusterAdvertise() != null) {
            inv.println("Cluster Advertise: " + engine.config().clusterAdvertise());
        }
        return 0;
    }

    /** Go's tabwriter as the docker client sets it up: cells padded to 20, or to their width plus 3. */
    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols - 1; c++) {
                width[c] = Math.max(width[c], Math.max(20, r[c].length() + 3));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(r[c]);
                if (c < cols - 1) {
                    line.append(" ".repeat(width[c] - r[c].length()));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
