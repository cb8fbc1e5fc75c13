/*
 * `overlay-lab decode FILE`: a capture, pcap or pcapng told apart by its content (a file, a FIFO or
 * - for stdin), printed line by line as `tcpdump -nn -r` would, whatever link type each interface has.
 */
package org.overlaylab.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
        return decode(file);
    }

    static int decode(String file) {
        // a capture still being written (stdin, a FIFO) shows each frame as it comes; a whole file
        // is printed in large blocks, as tcpdump does when its output is not a terminal
        PrintStream out = isRegularFile(file) ? BlockBufferedStdout.create()
                : new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        int status = new DecodeCommand().run(file, out, System.err);
        out.flush();
        return status;
    }

    private static boolean isRegularFile(String name) {
        try {
            return !"-".equals(name) && Files.isRegularFile(Path.of(name));
        } catch (InvalidPathException e) {
            return false; // DecodeCommand says what is wrong with the name
        }
    }
}
