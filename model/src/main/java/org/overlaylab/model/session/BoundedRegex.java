/*
 * Regular expressions from lab files run with a time budget: a pattern such as (a+)+$ can take
 * centuries on a long output, so the text is read through a CharSequence that checks a deadline
 * and the match is stopped, and reported, once the budget is spent.
 */
package org.overlaylab.model.session;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class BoundedRegex {
    /** What one lab pattern may take on one command's output. */
    public static final Duration BUDGET = Duration.ofSeconds(1);

    private BoundedRegex() {}

    /** The pattern took longer than the budget; the message says which and what to do. */
    public static final class TooSlow extends RuntimeException {
        public TooSlow(String regex, Duration budget) {
            super("the pattern /" + regex + "/ was stopped after " + budget.toMillis()
                    + " ms (it backtracks too much on this output; simplify it)", null, false, false);
        }
    }

    /** The text, read by a matcher, checking the deadline every so often. */
    private static final class Deadline implements CharSequence {
        private final CharSequence text;
        private final long deadline;
        private int reads;

        Deadline(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xfff) == 0 && System.nanoTime() - deadline > 0) {
                throw new Expired();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static final class Expired extends RuntimeException {
        Expired() {
            super(null, null, false, false);
        }
    }

    /** Like pattern.matcher(text), bounded by `budget`. */
    public static Matcher matcher(Pattern pattern, String text, Duration budget) {
        return pattern.matcher(new Deadline(text, System.nanoTime() + budget.toNanos()));
    }

    /** find() within the budget; TooSlow when it is spent. */
    public static boolean find(Matcher m, Pattern pattern, Duration budget) {
        try {
            return m.find();
        } catch (Expired e) {
            throw new TooSlow(pattern.pattern(), budget);
        }
    }

    /** Whether the pattern is found in the text, within the budget. */
    public static boolean find(Pattern pattern, String text, Duration budget) {
        return find(matcher(pattern, text, budget), pattern, budget);
    }
}
