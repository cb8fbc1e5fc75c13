/*
 * Reports signed by `shell` and checked by `grade`: a valid report becomes a CSV row; a report
 * edited afterwards, one signed with another key, an unsigned one and a file that is no report
 * are each named on stderr and marked in the table.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.report.ProgressStore;

class GradeCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void keepProgressHere() {
        System.setProperty(ProgressStore.DIR_PROPERTY, dir.resolve("progress").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(ProgressStore.DIR_PROPERTY);
        ShellCommand.input = System.in;
    }

    private Path report(String student, String key, String lines) {
        Path file = dir.resolve(student + ".json");
        String[] args = key == null ? new String[] {"flannel-vxlan", "--until", "task-mtu", "--student", student}
                : new String[] {"flannel-vxlan", "--until", "task-mtu", "--student", student, "--key", key};
        ShellCommandTest.Run r = ShellCommandTest.shell(lines + ":report " + file + "\n", args);
        assertThat(r.exit()).as(r.err()).isZero();
        return file;
    }

    private static ShellCommandTest.Run grade(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "grade";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = OverlayLabCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new ShellCommandTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void validReportsBecomeRows() throws Exception {
        Path alice = report("alice", "class-key", ":hint\nnode1: sudo ip link set flannel.100 mtu 1450\n");
        Path bob = report("bob", "class-key", ":solution\n");
        Path csv = dir.resolve("table.csv");
        ShellCommandTest.Run r = grade(alice.toString(), bob.toString(), "--key", "class-key", "-o", csv.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(csv).split("\n")).satisfiesExactly(
                l -> assertThat(l).isEqualTo(GradeCommand.HEADER),
                l -> assertThat(l).matches("alice,flannel-vxlan,1,4,1,0,\\d+,valid"),
                l -> assertThat(l).matches("bob,flannel-vxlan,0,4,0,1,\\d+,valid"));
    }

    @Test
    void tamperedUnsignedAndForeignReportsAreNamedAndMarked() throws Exception {
        Path honest = report("carol", "class-key", "");
        Path edited = report("dave", "class-key", "");
        Files.writeString(edited, Files.readString(edited).replace("\"tasksSolved\" : 0", "\"tasksSolved\" : 4"));
        Path reindented = report("erin", "class-key", "");
        Files.writeString(reindented, Files.readString(reindented).replace("\n  ", "\n    "));
        Path otherKey = report("frank", "another-key", "");
        Path unsigned = report("grace", null, "");
        Path notAReport = dir.resolve("notes.json");
        Files.writeString(notAReport, "{\"hello\": 1}");
        ShellCommandTest.Run r = grade(honest.toString(), edited.toString(), reindented.toString(), otherKey.toString(),
                unsigned.toString(), notAReport.toString(), dir.resolve("missing.json").toString(), "--key", "class-key");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().split("\n")).containsExactly(
                "overlay-lab: " + edited + ": signature does not match: the report was changed after it was written,"
                        + " or signed with another key",
                "overlay-lab: " + otherKey + ": signature does not match: the report was changed after it was written,"
                        + " or signed with another key",
                "overlay-lab: " + unsigned + ": not signed",
                "overlay-lab: " + notAReport + ": not an OverlayLab report (no \"format\": \"overlaylab-report/1\")",
                "overlay-lab: " + dir.resolve("missing.json") + ": no such file");
        assertThat(r.out().split("\n")).satisfiesExactly(
                l -> assertThat(l).isEqualTo(GradeCommand.HEADER),
                l -> assertThat(l).matches("carol,flannel-vxlan,0,4,0,0,\\d+,valid"),
                l -> assertThat(l).matches("dave,flannel-vxlan,4,4,0,0,\\d+,tampered"),
                l -> assertThat(l).matches("erin,flannel-vxlan,0,4,0,0,\\d+,valid"),
                l -> assertThat(l).matches("frank,flannel-vxlan,0,4,0,0,\\d+,tampered"),
                l -> assertThat(l).matches("grace,flannel-vxlan,0,4,0,0,\\d+,unsigned"),
                l -> assertThat(l).isEqualTo("notes.json,,,,,,,unreadable"),
                l -> assertThat(l).isEqualTo("missing.json,,,,,,,unreadable"));
    }

    @Test
    void withoutAKeyASignedReportCannotBeChecked() {
        Path r = report("heidi", "class-key", "");
        ShellCommandTest.Run g = grade(r.toString());
        assertThat(g.exit()).isEqualTo(1);
        assertThat(g.err()).isEqualTo("overlay-lab: " + r + ": signed, but no key to check it with (give --key)\n");
        assertThat(g.out()).contains(",no-key\n");
    }

    @Test
    void aFieldThatWouldBeASpreadsheetFormulaIsDefused() {
        assertThat(GradeCommand.csv("=HYPERLINK(\"x\")", "a,b", "plain")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",plain");
    }
}
