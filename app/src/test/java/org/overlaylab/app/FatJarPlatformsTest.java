/*
 * overlay-lab.jar, as `mvn verify` leaves it, starts the desktop on every OS JavaFX supports: it holds
 * the window toolkit's classes and native libraries of linux, linux-aarch64, win, mac and mac-aarch64,
 * none at its root (where JavaFX would load the build OS's anywhere), and unpacks each platform's apart.
 * Runs in the verify phase, on the jar the package phase built (the overlaylab.jar property).
 */
package org.overlaylab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FatJarPlatformsTest {
    @TempDir
    Path cache;

    /** The libraries JavaFX's desktop loads on each platform: window toolkit, software renderer, fonts, effects. */
    private static final Map<String, List<String>> LIBRARIES = Map.of(
            "linux", List.of("libglass.so", "libglassgtk3.so", "libprism_sw.so", "libprism_es2.so", "libjavafx_font.so",
                    "libjavafx_font_freetype.so", "libjavafx_font_pango.so", "libdecora_sse.so", "libjavafx_iio.so"),
            "linux-aarch64", List.of("libglass.so", "libglassgtk3.so", "libprism_sw.so", "libprism_es2.so", "libjavafx_font.so",
                    "libjavafx_font_freetype.so", "libjavafx_font_pango.so", "libdecora_sse.so", "libjavafx_iio.so"),
            "win", List.of("glass.dll", "prism_sw.dll", "prism_d3d.dll", "javafx_font.dll", "decora_sse.dll", "javafx_iio.dll"),
            "mac", List.of("libglass.dylib", "libprism_sw.dylib", "libprism_es2.dylib", "libjavafx_font.dylib",
                    "libdecora_sse.dylib", "libjavafx_iio.dylib"),
            "mac-aarch64", List.of("libglass.dylib", "libprism_sw.dylib", "libprism_es2.dylib", "libjavafx_font.dylib",
                    "libdecora_sse.dylib", "libjavafx_iio.dylib"));

    private static JarFile jar() throws Exception {
        Path jar = Path.of(System.getProperty("overlaylab.jar", "target/overlay-lab.jar"));
        assertThat(jar).as("the packaged jar").isRegularFile();
        return new JarFile(jar.toFile());
    }

    @Test
    void holdsEveryPlatformsNativeLibrariesApartAndNoneAtTheRoot() throws Exception {
        try (JarFile jar = jar()) {
            assertThat(JavaFxNatives.PLATFORMS).containsExactlyInAnyOrderElementsOf(LIBRARIES.keySet());
            for (var platform : LIBRARIES.entrySet()) {
                for (String library : platform.getValue()) {
                    String name = JavaFxNatives.FOLDER + "/" + platform.getKey() + "/" + library;
                    assertThat(jar.getEntry(name)).as(name).isNotNull();
                    assertThat(jar.getEntry(name).getSize()).as(name).isGreaterThan(1000);
                }
            }
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> !n.contains("/")))
                    .as("libraries at the root, or a module descriptor of one JavaFX platform jar")
                    .noneMatch(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.equals("module-info.class"));
        }
    }

    @Test
    void holdsEachPlatformsWindowToolkitAndRenderers() throws Exception {
        try (JarFile jar = jar()) {
            for (String cls : List.of("com/sun/glass/ui/gtk/GtkApplication.class", "com/sun/glass/ui/win/WinApplication.class",
                    "com/sun/glass/ui/mac/MacApplication.class", "com/sun/prism/d3d/D3DPipeline.class",
                    "com/sun/prism/es2/ES2Pipeline.class", "com/sun/prism/sw/SWPipeline.class",
                    "com/sun/javafx/font/directwrite/DWFactory.class", "com/sun/javafx/font/coretext/CTFactory.class")) {
                assertThat(jar.getEntry(cls)).as(cls).isNotNull();
            }
        }
    }

    @Test
    void unpacksEachPlatformsLibrariesIntoItsOwnDirectoryOnceAndReusesIt() throws Exception {
        try (JarFile jar = jar()) {
            for (var platform : LIBRARIES.entrySet()) {
                Path dir = JavaFxNatives.unpack(jar, platform.getKey(), cache);
                assertThat(dir.getFileName().toString()).startsWith(platform.getKey() + "-");
                for (String library : platform.getValue()) {
                    Path file = dir.resolve(library);
                    assertThat(Files.size(file)).as(file.toString())
                            .isEqualTo(jar.getEntry(JavaFxNatives.FOLDER + "/" + platform.getKey() + "/" + library).getSize());
                }
                long modified = Files.getLastModifiedTime(dir.resolve(platform.getValue().get(0))).toMillis();
                assertThat(JavaFxNatives.unpack(jar, platform.getKey(), cache)).isEqualTo(dir);
                assertThat(Files.getLastModifiedTime(dir.resolve(platform.getValue().get(0))).toMillis()).isEqualTo(modified);
            }
            try (Stream<Path> dirs = Files.list(cache)) {
                assertThat(dirs.map(d -> d.getFileName().toString().replaceAll("-[0-9a-f]+$", "")))
                        .as("one directory per platform, no half-unpacked one left").containsExactlyInAnyOrderElementsOf(LIBRARIES.keySet());
            }
        }
    }
}
