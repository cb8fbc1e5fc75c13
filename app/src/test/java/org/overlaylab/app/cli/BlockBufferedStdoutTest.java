/* decode's standard output: the same bytes a plain PrintStream writes, in blocks, and a failed write seen without a flush. */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class BlockBufferedStdoutTest {

    @Test
    void writesWhatAPlainPrintStreamWritesOnceFlushed() {
        String text = "12:00:00.000001 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64\n";
        String accented = "a name with \u00e9 and \u4e2d\n";
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        PrintStream out = BlockBufferedStdout.over(blocks);
        PrintStream reference = new PrintStream(plain, false);
        for (PrintStream p : new PrintStream[] {out, reference}) {
            p.append(new StringBuilder(text)).append(accented).append(text);
        }
        assertThat(blocks.size()).as("nothing written before a block fills or a flush").isZero();
        out.flush();
        reference.flush();
        assertThat(blocks.toByteArray()).isEqualTo(plain.toByteArray());
    }

    @Test
    void aFailedWriteIsReportedWithoutForcingAFlush() {
        int[] writes = {0};
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }
        };
        PrintStream out = BlockBufferedStdout.over(closedPipe);
        out.append("a short line\n");
        assertThat(out.checkError()).as("still in the block").isFalse();
        assertThat(writes[0]).isZero();
        String line = "x".repeat(999) + "\n";
        for (int i = 0; i < 100 && !out.checkError(); i++) {
            out.append(line);
        }
        assertThat(out.checkError()).as("the block that filled could not be written").isTrue();
        assertThat(writes[0]).isEqualTo(1);
    }
}
