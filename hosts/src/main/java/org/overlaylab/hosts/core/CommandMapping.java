/*
 * How a lab host's shell treats the tutorial's commands: which are carried out by the backend
 * instead of bash (a handler), and how the words of those that run in bash are rewritten. A host
 * with Debian's tools gets Mappings.DEBIAN; a real tutorial VM, whose binaries are the tutorial's,
 * gets only what a remote terminal itself needs.
 */
package org.overlaylab.hosts.core;

import java.time.Duration;
import java.util.List;
import org.overlaylab.model.shell.ShellScript.Pipeline;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;

public interface CommandMapping {

    /** What carries the command out instead of bash, or null to run it in bash. */
    LabShell.Handler handlerFor(LabShell.Invocation inv);

    /** The words of a command that runs in bash, as shell text; notes say what was changed and why. */
    List<String> rewrite(LabShell shell, SimpleCommand c, Duration stopAfter, List<String> notes);

    /** Whether the pipeline gets its Ctrl-C from inside (a container), so the outer stop must come later. */
    boolean needsInnerInterrupt(Pipeline p, Duration stopAfter);
}
