/*
 * A check on the state a step leaves behind, evaluated against the observed topology.
 * `kind` names what is checked (interface, route, container, etcd-key ...) and `fields` the
 * properties it must have; `host` is null for lab-wide checks such as etcd keys.
 */
package org.overlaylab.model.lab;

import java.util.Map;

public record Check(String kind, String host, Map<String, String> fields, SourcePosition position) {

    public Check {
        fields = Map.copyOf(fields);
    }
}
