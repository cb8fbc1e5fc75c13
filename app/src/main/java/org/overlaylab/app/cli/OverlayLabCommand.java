/*
 * The command line of overlay-lab.jar (picocli): list the built-in labs, run a lab and print its
 * transcript, decode a pcap the way tcpdump prints it. Errors are one clear line on stderr and a
 * non-zero exit status, never a stack trace. Picocli builds a command's model by reflection over
 * its options and their types, so when the first argument names a command only that one is
 * registered: `labs` and `decode` do not pay for `run`'s or `shell`'s options and classes. And
 * `labs` or `decode FILE` with nothing else on the line run without picocli at all: its model
 * (annotations read by reflection, a proxy class spun for each annotation type) costs a third of
 * such a start, more than listing the labs.
 */
package org.overlaylab.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "overlay-lab", mixinStandardHelpOptions = true, version = "OverlayLab 1.0",
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every command
        description = "Multi-host container networking labs: Docker overlay, OVS GRE, flannel VXLAN, Calico BGP.%n"
                + "Without a command, the desktop app starts.")
public final class OverlayLabCommand implements Runnable {
    /** The commands, in the order the usage lists them. */
    static List<Class<?>> commands() {
        return List.of(LabsCommand.class, RunCommand.class, DecodeCommandLine.class, DiffCommand.class,
                BenchCommand.class, ShellCommand.class, GradeCommand.class, HandoutCommand.class, CompareCommand.class);
    }

    /**
     * The command whose name (in its @Command) is `word`, or null (an option, a typo): then all are
     * registered. Only the branch taken loads its class.
     */
    static Class<?> commandNamed(String word) {
        return switch (word) {
            case "labs" -> LabsCommand.class;
            case "run" -> RunCommand.class;
            case "decode" -> DecodeCommandLine.class;
            case "diff" -> DiffCommand.class;
            case "bench" -> BenchCommand.class;
            case "shell" -> ShellCommand.class;
            case "grade" -> GradeCommand.class;
            case "handout" -> HandoutCommand.class;
            case "compare" -> CompareCommand.class;
            default -> null;
        };
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = execute(out, err, args);
        out.flush(); // what print() left in the writer, before the caller exits
        err.flush();
        return status;
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 1 && args[0].equals("labs")) {
            return direct(err, () -> LabsCommand.print(out));
        }
        if (args.length == 2 && args[0].equals("decode") && isPlainArgument(args[1])) {
            return direct(err, () -> DecodeCommandLine.decode(args[1]));
        }
        return parsed(out, err, args);
    }

    /** An argument picocli takes as it is: not an option, `--`, or an @file of arguments. */
    private static boolean isPlainArgument(String arg) {
        return arg.equals("-") || !(arg.startsWith("-") || arg.startsWith("@"));
    }

    private static int direct(PrintWriter err, Callable<Integer> command) {
        try {
            return command.call();
        } catch (Exception e) {
            err.println(failure(e));
            return 2;
        }
    }

    private static String failure(Exception e) {
        return "overlay-lab: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /** The command line as picocli parses and runs it. */
    static int parsed(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new OverlayLabCommand());
        Class<?> named = args.length == 0 ? null : commandNamed(args[0]);
        for (Class<?> command : named == null ? commands() : List.<Class<?>>of(named)) {
            cl.addSubcommand(command);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(failure(ex));
            return 2;
        });
        return cl.execute(args);
    }
}
