/* A part of a lab with a heading and an introduction, holding consecutive steps. */
package org.overlaylab.model.lab;

import java.util.List;

public record Section(String title, String introduction, List<Step> steps, SourcePosition position) {

    public Section {
        steps = List.copyOf(steps);
    }
}
