/*
 * Which of overlay-lab.jar's JavaFX library folders a JVM picks, from the os.name and os.arch that
 * Windows, macOS and Linux JVMs report; and none where JavaFX ships no libraries.
 */
package org.overlaylab.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaFxNativesTest {
    @Test
    void picksThePlatformFolderFromTheJvmsOsAndArchitecture() {
        assertThat(JavaFxNatives.platform("Linux", "amd64")).isEqualTo("linux");
        assertThat(JavaFxNatives.platform("Linux", "aarch64")).isEqualTo("linux-aarch64");
        assertThat(JavaFxNatives.platform("Windows 11", "amd64")).isEqualTo("win");
        assertThat(JavaFxNatives.platform("Windows 10", "x86")).isNull();
        assertThat(JavaFxNatives.platform("Mac OS X", "x86_64")).isEqualTo("mac");
        assertThat(JavaFxNatives.platform("Mac OS X", "aarch64")).isEqualTo("mac-aarch64");
        assertThat(JavaFxNatives.platform("Linux", "riscv64")).isNull();
        assertThat(JavaFxNatives.platform("FreeBSD", "amd64")).isNull();
        assertThat(JavaFxNatives.PLATFORMS).allMatch(p -> p.startsWith("linux") || p.startsWith("win") || p.startsWith("mac"));
    }

    @Test
    void doesNothingWhenRunFromClassesOnDisk() {
        String before = System.getProperty("java.library.path");
        JavaFxNatives.prepare();
        assertThat(System.getProperty("java.library.path")).isEqualTo(before);
    }
}
