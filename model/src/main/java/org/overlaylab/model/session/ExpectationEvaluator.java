/* Judges a command's result against what the lab expects of it: exit status, text present or absent, patterns. */
package org.overlaylab.model.session;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Expectation;

public final class ExpectationEvaluator {
    private ExpectationEvaluator() {}

    public static List<CheckResult> evaluate(Expectation expect, CommandResult result) {
        List<CheckResult> out = new ArrayList<>();
        String output = result.output();
        if (expect.exit() != null) {
            String d = "exit status " + expect.exit();
            out.add(result.exitCode() == expect.exit() ? CheckResult.pass(d)
                    : CheckResult.fail(d, "exit status was " + result.exitCode()));
        }
        for (String s : expect.contains()) {
            String d = "output contains \"" + s + "\"";
            out.add(output.contains(s) ? CheckResult.pass(d) : CheckResult.fail(d, "not in the output"));
        }
        for (String s : expect.absent()) {
            String d = "output does not contain \"" + s + "\"";
            out.add(!output.contains(s) ? CheckResult.pass(d) : CheckResult.fail(d, "found in the output"));
        }
        for (String regex : expect.matches()) {
            String d = "output matches /" + regex + "/";
            Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
            try {
                out.add(BoundedRegex.find(p, output, BoundedRegex.BUDGET) ? CheckResult.pass(d)
                        : CheckResult.fail(d, "no line matches"));
            } catch (BoundedRegex.TooSlow e) {
                out.add(CheckResult.fail(d, e.getMessage()));
            }
        }
        return out;
    }
}
