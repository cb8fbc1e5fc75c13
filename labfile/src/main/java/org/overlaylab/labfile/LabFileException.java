/* A lab file that cannot be used; its message lists every problem as `file:line:column: message`. */
package org.overlaylab.labfile;

import java.util.List;
import java.util.stream.Collectors;

public class LabFileException extends Exception {
    private final List<LabProblem> problems;

    public LabFileException(List<LabProblem> problems) {
        super(problems.stream().map(LabProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<LabProblem> problems() {
        return problems;
    }
}
