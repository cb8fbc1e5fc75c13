/*
 * `overlay-lab decode FILE`: a capture, pcap or pcapng told apart by its content (a file, a FIFO or
 * - for stdin), printed line by line as `tcpdump -nn -r` would, whatever link type each interface has.
 */
package org.overlaylab.app.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.overlaylab.packets.DecodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "decode", description = "Print a pcap or pcapng file the way tcpdump -nn -r does.")
final class DecodeCommandLine implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a pcap or pcapng file, a FIFO, or - for standard input")
    String file;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        int status = new DecodeCommand().run(file, out, System.err);
        out.flush();
        return status;
    }
}
