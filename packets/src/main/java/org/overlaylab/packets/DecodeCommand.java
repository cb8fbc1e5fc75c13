/*
 * `decode FILE`: prints every frame of a capture (pcap or pcapng, told apart by the magic number;
 * a file, a FIFO, or "-" for stdin) the way `tcpdump -nn -r FILE` does, line by line as the frames
 * arrive, whatever link type each interface has. Bad input ends with one line on the error stream
 * naming the byte offset, and status 2, never a stack trace. When the reader of the output goes
 * away (`decode big.pcap | head -1`), decoding stops at once, quietly, as tcpdump does on SIGPIPE.
 */
package org.overlaylab.packets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;
import org.overlaylab.packets.format.TcpdumpFormatter;

public final class DecodeCommand {
    public static final int OK = 0;
    public static final int BAD_INPUT = 2;
    private static final String SUPPORTED = "decoded: Ethernet, Linux cooked v1 and v2, raw IP, BSD loopback";

    private final ZoneId zone;
    private final boolean linkLevel;
    private IntFunction<String> interfaceNames;

    public DecodeCommand() {
        this(ZoneId.systemDefault(), false);
    }

    /** @param linkLevel also print MAC addresses and ethertypes, like `tcpdump -e` */
    public DecodeCommand(ZoneId zone, boolean linkLevel) {
        this.zone = zone;
        this.linkLevel = linkLevel;
    }

    /** Names SLL2 interface indexes as given instead of as this machine does (see TcpdumpFormatter). */
    public DecodeCommand interfaceNames(IntFunction<String> names) {
        this.interfaceNames = names;
        return this;
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
        if (interfaceNames != null) {
            formatter.interfaceNames(interfaceNames);
        }
        StringBuilder sb = new StringBuilder(256);
        Set<Integer> skipped = new HashSet<>();
        // stdin is wrapped so that finishing the capture does not close the process's standard input
        try (CaptureReader reader = path == null ? CaptureReader.open(new FilterInputStream(System.in) {
            @Override
            public void close() {
            }
        }) : CaptureReader.open(path)) {
            if (reader.format() == CaptureReader.Format.PCAP && !TcpdumpFormatter.supportsLinkType(reader.linkType())) {
                err.println("decode: " + shown + ": unsupported link type " + reader.linkType() + " ("
                        + SUPPORTED + ")");
                return BAD_INPUT;
            }
            while (reader.advance()) {
                int linkType = reader.recordLinkType();
                if (!TcpdumpFormatter.supportsLinkType(linkType)) {
                    if (skipped.add(reader.interfaceIndex())) {
                        out.flush();
                        CaptureReader.Interface i = reader.recordInterface();
                        err.println("decode: " + shown + ": interface " + reader.interfaceIndex()
                                + (i.name() == null ? "" : " (" + i.name() + ")") + " has link type " + linkType
                                + ", not decoded here (" + SUPPORTED + "); its packets are skipped");
                    }
                    continue;
                }
                sb.setLength(0);
                try {
                    formatter.formatLink(linkType, reader.seconds(), reader.micros(), reader.buffer(),
                            reader.dataOffset(), reader.capturedLength(), reader.originalLength(), sb);
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
            return skipped.isEmpty() ? OK : BAD_INPUT;
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
