/*
 * The handout's page as a PDF: the same XHTML laid out into A4 pages by openhtmltopdf (on PDFBox), each
 * step's topology drawn from its SVG as vector graphics (Batik), text in fonts embedded from this
 * machine when it has them. Nothing is fetched: the page refers to no file or address.
 */
package org.overlaylab.app.handout;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.XRLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

final class HandoutPdf {
    private HandoutPdf() {}

    /**
     * What the PDF needs besides the page's own styles: A4 pages numbered at the foot, the list of steps
     * on the first page with the page each starts on (a printout from a browser leaves the list out),
     * page breaks in the properties the layout engine reads (it predates `break-before`), and the header
     * boxes of a frame as a table row (it lays out no flex boxes), each as wide as its share of the frame.
     */
    static final String PRINT_CSS = """
            @page { size: A4; margin: 1.6cm 1.4cm 1.8cm;
              @bottom-center { content: "page " counter(page) " of " counter(pages); font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #555; } }
            body { margin: 0; max-width: none; font-size: 10pt; }
            nav { display: block; }
            nav ol { font-size: 10pt; }
            nav a { color: #111; text-decoration: none; }
            nav a::after { content: leader(".") target-counter(attr(href), page); }
            section.step { page-break-before: always; }
            figure, .frame, .task { page-break-inside: avoid; }
            figure svg { box-sizing: border-box; width: 100%; height: auto; }
            .headers { display: table; table-layout: fixed; width: 100%; border-spacing: 2px 0; }
            .hdr { display: table-cell; }
            pre.terminal, pre.tcpdump { white-space: pre-wrap; word-wrap: break-word; }
            """;

    /** A font the PDF may embed, where it lies on Linux, Windows or macOS. */
    private record Face(String family, int weight, FontStyle style, List<String> paths) {}

    private static final String DEJAVU = "/usr/share/fonts/truetype/dejavu/";
    private static final String WINDOWS = "C:\\Windows\\Fonts\\";
    private static final String MAC = "/System/Library/Fonts/Supplemental/";

    /** The families the page's styles name, in their order; a family missing here falls to the PDF's standard fonts. */
    private static final List<Face> FACES = List.of(
            new Face("DejaVu Sans", 400, FontStyle.NORMAL, List.of(DEJAVU + "DejaVuSans.ttf")),
            new Face("DejaVu Sans", 700, FontStyle.NORMAL, List.of(DEJAVU + "DejaVuSans-Bold.ttf")),
            new Face("DejaVu Sans", 400, FontStyle.ITALIC, List.of(DEJAVU + "DejaVuSans-Oblique.ttf")),
            new Face("DejaVu Sans Mono", 400, FontStyle.NORMAL, List.of(DEJAVU + "DejaVuSansMono.ttf")),
            new Face("DejaVu Sans Mono", 700, FontStyle.NORMAL, List.of(DEJAVU + "DejaVuSansMono-Bold.ttf")),
            new Face("Arial", 400, FontStyle.NORMAL, List.of(WINDOWS + "arial.ttf", MAC + "Arial.ttf")),
            new Face("Arial", 700, FontStyle.NORMAL, List.of(WINDOWS + "arialbd.ttf", MAC + "Arial Bold.ttf")),
            new Face("Arial", 400, FontStyle.ITALIC, List.of(WINDOWS + "ariali.ttf", MAC + "Arial Italic.ttf")),
            new Face("Consolas", 400, FontStyle.NORMAL, List.of(WINDOWS + "consola.ttf")),
            new Face("Consolas", 700, FontStyle.NORMAL, List.of(WINDOWS + "consolab.ttf")),
            new Face("Courier New", 400, FontStyle.NORMAL, List.of(MAC + "Courier New.ttf")),
            new Face("Courier New", 700, FontStyle.NORMAL, List.of(MAC + "Courier New Bold.ttf")));

    static {
        // the layout engine reports through java.util.logging by default: not on the user's console
        XRLog.setLoggingEnabled(false);
    }

    /**
     * Lays out `xhtml` (a well-formed page) and writes it to `pdf`; returns what the layout engine
     * warned about (styles it does not know, glyphs no font has), for tests to look at.
     */
    static List<String> write(String xhtml, String title, Path pdf) throws IOException {
        List<String> warnings = new java.util.ArrayList<>();
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.withDiagnosticConsumer(d -> {
            if (d.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                warnings.add(d.getFormattedMessage());
            }
        });
        builder.useFastMode();
        builder.withHtmlContent(xhtml, null);
        builder.withProducer("OverlayLab");
        builder.useSVGDrawer(new BatikSVGDrawer(BatikSVGDrawer.SvgScriptMode.SECURE,
                BatikSVGDrawer.SvgExternalResourceMode.SECURE));
        builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        for (Face face : FACES) {
            for (String path : face.paths()) {
                Path file = Path.of(path);
                if (Files.isReadable(file)) {
                    builder.useFont(file.toFile(), face.family(), face.weight(), face.style(), true,
                            EnumSet.of(FSFontUseCase.DOCUMENT, FSFontUseCase.SVG));
                    break;
                }
            }
        }
        Path partial = pdf.resolveSibling(pdf.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            builder.toStream(out);
            builder.run();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e instanceof IOException io ? io : new IOException("cannot lay out " + title + " as PDF: " + e.getMessage(), e);
        }
        Files.move(partial, pdf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return warnings;
    }
}
