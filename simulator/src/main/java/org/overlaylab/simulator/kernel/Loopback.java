/* The loopback device lo: always there, 127.0.0.1/8 once up. */
package org.overlaylab.simulator.kernel;

import java.util.ArrayList;
import java.util.List;

public final class Loopback extends Link {

    public Loopback() {
        super("lo", "00:00:00:00:00:00", 65536);
    }

    @Override
    public String kind() {
        return "loopback";
    }

    @Override
    public String operState() {
        return adminUp() ? "UNKNOWN" : "DOWN";
    }

    @Override
    public List<String> flags() {
        List<String> f = new ArrayList<>();
        f.add("LOOPBACK");
        if (adminUp()) {
            f.add("UP");
            f.add("LOWER_UP");
        }
        return f;
    }
}
