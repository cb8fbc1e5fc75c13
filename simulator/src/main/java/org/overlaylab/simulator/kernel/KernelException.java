/* A kernel request refused, with the text iproute2 prints for it ("RTNETLINK answers: File exists"). */
package org.overlaylab.simulator.kernel;

public class KernelException extends Exception {

    public KernelException(String message) {
        super(message);
    }
}
