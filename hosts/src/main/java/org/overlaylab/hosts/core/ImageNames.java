/*
 * The container image names a lab's `docker run` commands use (busybox, centos:7, ...). The netns
 * backend has no registry: it tags its one busybox image with each of these names.
 */
package org.overlaylab.hosts.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.shell.Programs;
import org.overlaylab.model.shell.ShellParser;
import org.overlaylab.model.shell.ShellScript;
import org.overlaylab.model.shell.ShellSyntaxException;

public final class ImageNames {
    private ImageNames() {}

    /** Options of `docker run` that take a value as the next word. */
    private static final Set<String> WITH_VALUE = Set.of("--name", "--net", "--network", "-e", "--env", "-v", "--volume",
            "-p", "--publish", "-h", "--hostname", "--ip", "--mac-address", "--entrypoint", "-w", "--workdir", "--dns",
            "--add-host", "-l", "--label", "--restart", "--cap-add", "--cap-drop", "-u", "--user", "--link",
            "--log-driver", "--mount", "-m", "--memory", "--cpus", "--env-file", "--network-alias", "--expose",
            "--device", "--sysctl", "--ulimit", "--tmpfs", "--security-opt", "--pid", "--ipc", "--uts", "--runtime");

    public static final List<String> ALWAYS = List.of("busybox:latest", "centos:7", "ubuntu:14.04", "ubuntu:16.04",
            "ubuntu:latest", "alpine:latest");

    public static Set<String> fromLab(Lab lab) {
        Set<String> out = new LinkedHashSet<>(ALWAYS);
        for (Step s : lab.steps()) {
            for (CommandSpec c : s.commands()) {
                try {
                    for (ShellScript.SimpleCommand sc : ShellParser.parse(c.line()).simpleCommands()) {
                        String img = imageOf(sc);
                        if (img != null && img.matches("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?")) {
                            out.add(img.contains(":") ? img : img + ":latest");
                        }
                    }
                } catch (ShellSyntaxException e) {
                    // the lab validator reports it
                }
            }
        }
        return out;
    }

    static String imageOf(ShellScript.SimpleCommand c) {
        int idx = Programs.indexOfProgram(c.words());
        if (idx < 0 || !KnownPrograms.baseName(c.words().get(idx).literal()).equals("docker")) {
            return null;
        }
        int i = idx + 1;
        if (i >= c.words().size() || !(c.words().get(i).literal().equals("run") || c.words().get(i).literal().equals("create"))) {
            return null;
        }
        i++;
        while (i < c.words().size()) {
            String w = c.words().get(i).literal();
            if (!w.startsWith("-")) {
                return w;
            }
            i += WITH_VALUE.contains(w) ? 2 : 1;
        }
        return null;
    }
}
