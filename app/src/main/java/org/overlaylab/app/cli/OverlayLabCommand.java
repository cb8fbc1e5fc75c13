/*
 * The command line of overlay-lab.jar (picocli): list the built-in labs, run a lab and print its
 * transcript, decode a pcap the way tcpdump prints it. Errors are one clear line on stderr and a
 * non-zero exit status, never a stack trace.
 */
package org.overlaylab.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "overlay-lab", mixinStandardHelpOptions = true, version = "OverlayLab 1.0",
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every command
        description = "Multi-host container networking labs: Docker overlay, OVS GRE, flannel VXLAN, Calico BGP.%n"
                + "Without a command, the desktop app starts.",
        subcommands = {LabsCommand.class, RunCommand.class, DecodeCommandLine.class, DiffCommand.class,
                BenchCommand.class, ShellCommand.class, GradeCommand.class})
public final class OverlayLabCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new OverlayLabCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("overlay-lab: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 2;
        });
        return cl.execute(args);
    }
}
