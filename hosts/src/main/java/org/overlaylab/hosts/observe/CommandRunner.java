/* Runs a shell script on a host and gives back what it printed: all observation needs of a host (netns, SSH). */
package org.overlaylab.hosts.observe;

import java.io.IOException;

@FunctionalInterface
public interface CommandRunner {

    /** The script's standard output; an IOException when the host cannot be reached. */
    String run(String script) throws IOException;
}
