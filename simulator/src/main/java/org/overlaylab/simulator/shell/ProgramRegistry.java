/*
 * Names of simulated programs and their implementations. Program files in a host's file system
 * name one of these; the lab-file validator's list (KnownPrograms) and this one must agree, which
 * a test checks.
 */
package org.overlaylab.simulator.shell;

import java.util.Map;
import java.util.TreeMap;

public final class ProgramRegistry {
    private final Map<String, Program> programs = new TreeMap<>();

    public void register(String name, Program program) {
        programs.put(name, program);
    }

    public Program find(String name) {
        return programs.get(name);
    }

    public java.util.Set<String> names() {
        return programs.keySet();
    }
}
