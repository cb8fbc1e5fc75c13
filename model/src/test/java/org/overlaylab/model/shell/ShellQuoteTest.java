/* A remembered value goes into a command as one word that sh never runs. */
package org.overlaylab.model.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {

    private static List<String> words(String line) throws Exception {
        ShellScript s = ShellParser.parse(line);
        assertThat(s.simpleCommands()).hasSize(1);
        return s.simpleCommands().get(0).words().stream().map(w -> w.expandToOne(n -> null)).toList();
    }

    @Test
    void anyTextComesBackAsExactlyOneLiteralWord() throws Exception {
        for (String hostile : new String[] {"$(reboot)", "`reboot`", "a; reboot", "it's", "'; reboot; '", "x\ny", "", "a b",
            "\\", "\"q\""}) {
            String line = "ping " + ShellQuote.single(hostile);
            assertThat(words(line)).as(line).containsExactly("ping", hostile);
            assertThat(ShellParser.parse(line).simpleCommands().get(0).words().get(1).substitutions()).isEmpty();
            assertThat(words("ping " + ShellQuote.word(hostile))).containsExactly("ping", hostile);
        }
        assertThat(ShellQuote.word("10.20.0.5")).isEqualTo("10.20.0.5");
        assertThat(ShellQuote.word("a b")).isEqualTo("'a b'");
        assertThat(ShellQuote.single("it's")).isEqualTo("'it'\\''s'");
        assertThat(Map.of()).isEmpty();
    }
}
