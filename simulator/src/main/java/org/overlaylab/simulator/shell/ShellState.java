/* A host's interactive shell: working directory, variables, job numbers, as one terminal keeps them. */
package org.overlaylab.simulator.shell;

import java.util.LinkedHashMap;
import java.util.Map;

public final class ShellState {
    private String cwd;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private int lastJob;
    private int lastStatus;

    public ShellState(String home, String user) {
        this.cwd = home;
        variables.put("HOME", home);
        variables.put("USER", user);
        variables.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    public String cwd() {
        return cwd;
    }

    public void cd(String dir) {
        cwd = dir;
    }

    public Map<String, String> variables() {
        return variables;
    }

    public String get(String name) {
        if (name.equals("?")) {
            return String.valueOf(lastStatus);
        }
        return variables.get(name);
    }

    public int nextJob() {
        return ++lastJob;
    }

    public void setLastStatus(int status) {
        lastStatus = status;
    }
}
