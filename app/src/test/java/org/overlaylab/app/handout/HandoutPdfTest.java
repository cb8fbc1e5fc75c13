/*
 * handout.pdf beside index.html, read back with PDFBox as a reader would see it: A4 pages, the list
 * of steps first, then each step from the top of a page with its title, its commands and, drawn as vector graphics,
 * its topology; a task's text but never its solution (with the lab's varied values filled in, as the
 * session typed it) or its hints. The title page and the first step's page are rendered to PNG
 * (target/screenshots/handout) to be looked at.
 */
package org.overlaylab.app.handout;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.lab.Variation;
import org.overlaylab.model.session.CommandOutcome;

class HandoutPdfTest {
    private static final Path SHOTS = Path.of("target", "screenshots", "handout");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"calico-bgp", "troubleshoot-etcd-member-down"})
    void thePdfHoldsEveryStepWithItsDrawingAndCommandsAndNoSolution(String labId) throws Exception {
        Lab lab = LabLoader.resolve(labId);
        BackendOptions options = new BackendOptions(lab.seed(), null, Duration.ofSeconds(60), Map.of());
        Handout h = Handout.run(lab, "sim", BackendRegistry.load().require("sim").create(), options, lab.steps().size());
        h.write(dir);
        Path pdf = dir.resolve(Handout.PDF);
        assertThat(pdf).exists();
        System.out.printf("%s: %s, %d bytes; layout warnings: %s%n", labId, pdf.getFileName(), Files.size(pdf), h.pdfWarnings());

        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            // a title page, then each step starting a page of its own
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(lab.steps().size() + 1);
            PDRectangle a4 = doc.getPage(0).getMediaBox();
            assertThat(a4.getWidth()).isCloseTo(PDRectangle.A4.getWidth(), org.assertj.core.data.Offset.offset(1f));
            assertThat(a4.getHeight()).isCloseTo(PDRectangle.A4.getHeight(), org.assertj.core.data.Offset.offset(1f));
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo(lab.title() + " - handout");

            List<String> pages = pageTexts(doc);
            String text = squeeze(String.join("", pages));
            for (var page : h.results()) {
                Step s = page.step();
                String heading = squeeze(page.number() + ". " + s.title());
                assertThat(pages).as("a page starting with step " + page.number()).anyMatch(p -> squeeze(p).startsWith(heading));
                for (CommandOutcome o : Handout.shownCommands(page)) {
                    assertThat(text).as("command of step " + page.number())
                            .contains(squeeze(o.spec().host() + "$ " + o.spec().line().strip()));
                }
            }
            // what the steps themselves run (a task's own commands too) may show; nothing else of a task may
            Map<String, String> varied = Variation.resolve(lab.vary(), lab.seed());
            Set<String> shown = new HashSet<>();
            for (Step s : lab.steps()) {
                for (CommandSpec c : s.commands()) {
                    shown.add(c.line().strip());
                    shown.add(Variation.fill(c.line(), varied).strip());
                }
            }
            int tasks = 0;
            for (Step s : lab.steps()) {
                if (!s.isTask()) {
                    continue;
                }
                tasks++;
                assertThat(text).contains(squeeze(s.task().text().strip().split("\n")[0].replace("`", "")));
                List<CommandSpec> secret = new ArrayList<>(s.task().solution());
                secret.addAll(s.task().scenario());
                for (CommandSpec c : secret) {
                    // as written and as the session typed it, with this run's values in place of {{NAME}}
                    for (String line : List.of(c.line().strip(), Variation.fill(c.line(), varied).strip())) {
                        if (!shown.contains(line)) {
                            assertThat(text).as("solution line of task '" + s.title() + "'").doesNotContain(squeeze(line));
                        }
                    }
                }
                for (String hint : s.task().hints()) {
                    assertThat(text).as("hint of task '" + s.title() + "'").doesNotContain(squeeze(hint));
                }
            }
            assertThat(tasks).as("the lab has a task").isPositive();

            // one vector drawing per step: a form of path outlines (boxes, cables, the labels' glyphs)
            int drawings = 0;
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDFormXObject form && pathOperators(form) > 200) {
                        drawings++;
                    }
                }
            }
            assertThat(drawings).isEqualTo(lab.steps().size());

            Files.createDirectories(SHOTS);
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int p : new int[] {0, 1}) {
                BufferedImage img = renderer.renderImageWithDPI(p, 100);
                ImageIO.write(img, "png", SHOTS.resolve(labId + "-page-" + (p + 1) + ".png").toFile());
                assertThat(darkShare(img)).as("ink on page " + (p + 1)).isGreaterThan(0.002);
            }
        }
    }

    /** The text of each page without its "page N of M" foot, so a command across a page break reads whole. */
    private static List<String> pageTexts(PDDocument doc) throws IOException {
        List<String> out = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        for (int p = 1; p <= doc.getNumberOfPages(); p++) {
            stripper.setStartPage(p);
            stripper.setEndPage(p);
            out.add(stripper.getText(doc).replaceAll("(?m)^page \\d+ of \\d+\\s*$", ""));
        }
        return out;
    }

    /** Text without white space: lines the PDF wrapped (a long command) read as one. */
    private static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    private static int pathOperators(PDFormXObject form) throws IOException {
        int n = 0;
        for (Object token : new PDFStreamParser(form).parse()) {
            if (token instanceof Operator op && Set.of("m", "l", "c", "v", "y", "re").contains(op.getName())) {
                n++;
            }
        }
        return n;
    }

    /** The share of pixels dark enough to be text or lines. */
    private static double darkShare(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255) < 300) {
                    dark++;
                }
            }
        }
        return (double) dark / ((long) img.getWidth() * img.getHeight());
    }
}
