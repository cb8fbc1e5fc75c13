/*
 * What a command's result must show: its exit status (null: any), strings its output must contain
 * or must not contain, and regular expressions one of its lines must match. Output is stdout and
 * stderr together, as a terminal shows them.
 */
package org.overlaylab.model.lab;

import java.util.List;

public record Expectation(Integer exit, List<String> contains, List<String> absent, List<String> matches) {

    public static final Expectation SUCCESS = new Expectation(0, List.of(), List.of(), List.of());
    public static final Expectation ANY = new Expectation(null, List.of(), List.of(), List.of());

    public Expectation {
        contains = List.copyOf(contains);
        absent = List.copyOf(absent);
        matches = List.copyOf(matches);
    }
}
