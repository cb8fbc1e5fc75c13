/*
 * `decode FILE`: prints every frame of a pcap file (or "-" for stdin, or a FIFO) the way
 * `tcpdump -nn -r FILE` does, line by line as the frames arrive. Bad input ends with one line on
 * the error stream and status 2, never a stack trace. When the reader of the output goes away
 * (`decode big.pcap | head -1`), decoding stops at once, quietly, as tcpdump does on SIGPIPE.
 */
package org.overlaylab.packets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.overlaylab.packets.format.TcpdumpFormatter;

public final class DecodeCommand {
    public static final int OK = 0;
    public static final int BAD_INPUT = 2;

    private final ZoneId zone;
    private final boolean linkLevel;

    public DecodeCommand() {
        this(ZoneId.systemDefault(), false);
    }

    /** @param linkLevel also print MAC addresses and ethertypes, like `tcpdump -e` */
    public DecodeCommand(ZoneId zone, boolean linkLevel) {
        this.zone = zone;
        this.linkLevel = linkLevel;
    }

    public int run(Path file, PrintStream out, PrintStream err) {
        return run(file.toString(), file, out, err);
    }

    /** @param pathOrDash a file or FIFO path, or "-" for standard input */
    public int run(String pathOrDash, PrintStream out, PrintStream err) {
        return run(pathOrDash, "-".equals(pathOrDash) ? null : Path.of(pathOrDash), out, err);
    }

    private int run(String name, Path path, PrintStream out, PrintStream err) {
        String shown = path == null ? "stdin" : name;
        TcpdumpFormatter formatter = new TcpdumpFormatter(zone, linkLevel);
        StringBuilder sb = new StringBuilder(256);
        // stdin is wrapped so that finishing the capture does not close the process's standard input
        try (PcapReader reader = path == null ? PcapReader.open(new FilterInputStream(System.in) {
            @Override
            public void close() {
            }
        }) : PcapReader.open(path)) {
            if (reader.linkType() != PcapReader.LINKTYPE_ETHERNET) {
                err.println("decode: " + shown + ": unsupported link type " + reader.linkType()
                        + " (only Ethernet captures can be decoded)");
                return BAD_INPUT;
            }
            while (reader.advance()) {
                sb.setLength(0);
                try {
                    formatter.format(reader.epochSecond(), reader.micros(), reader.buffer(), 0,
                            reader.capturedLength(), reader.originalLength(), sb);
                } catch (RuntimeException e) {
                    sb.append(" [formatter error: ").append(e.getClass().getSimpleName()).append(']');
                }
                sb.append('\n');
                out.append(sb);
                if (out.checkError()) {
                    // the output is closed (a pipe whose reader ended): nothing more can be shown
                    return OK;
                }
            }
            out.flush();
            return OK;
        } catch (NoSuchFileException e) {
            out.flush();
            err.println("decode: " + shown + ": no such file");
        } catch (AccessDeniedException e) {
            out.flush();
            err.println("decode: " + shown + ": permission denied");
        } catch (PcapFormatException e) {
            out.flush();
            err.println("decode: " + shown + ": " + e.getMessage());
        } catch (IOException e) {
            out.flush();
            err.println("decode: " + shown + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return BAD_INPUT;
    }
}
