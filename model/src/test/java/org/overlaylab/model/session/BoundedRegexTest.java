/* A lab's pattern that backtracks without end is stopped within its budget and reported as the check's failure. */
package org.overlaylab.model.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Expectation;

class BoundedRegexTest {
    /** Java's own memoising does not save this one: (.*a){20} tries every split of the line. */
    private static final String CATASTROPHIC = "^(.*a){20}$";
    private static final String OUTPUT = "a".repeat(40) + "!";

    @Test
    void aCatastrophicPatternStopsWithinItsBudget() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> BoundedRegex.find(Pattern.compile(CATASTROPHIC), OUTPUT, Duration.ofMillis(200)))
                .isInstanceOf(BoundedRegex.TooSlow.class)
                .hasMessage("the pattern /" + CATASTROPHIC + "/ was stopped after 200 ms (it backtracks too much on this"
                        + " output; simplify it)");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_000);
        assertThat(BoundedRegex.find(Pattern.compile("a+!"), OUTPUT, Duration.ofMillis(200))).isTrue();
    }

    @Test
    void theExpectationFailsWithTheReason() {
        long t0 = System.nanoTime();
        List<CheckResult> r = ExpectationEvaluator.evaluate(new Expectation(null, List.of(), List.of(), List.of(CATASTROPHIC)),
                new CommandResult(0, OUTPUT + "\n", "", List.of(), Duration.ZERO));
        assertThat(r).hasSize(1);
        assertThat(r.get(0).passed()).isFalse();
        assertThat(r.get(0).detail()).contains("was stopped after 1000 ms");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);
    }
}
