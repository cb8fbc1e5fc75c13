/* The model stays plain Java: no JavaFX, no I/O libraries, no dependency on any other module. */
package org.overlaylab.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class LayeringTest {
    private final JavaClasses model = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.overlaylab.model");

    @Test
    void modelUsesNoUiNorIoLibraries() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..",
                "com.fasterxml..", "org.snakeyaml..", "org.pcap4j..", "io.etcd..", "com.github.dockerjava..",
                "org.apache.sshd..", "java.net..", "java.nio.channels..").check(model);
    }

    @Test
    void modelDependsOnNoOtherModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.overlaylab.labfile..",
                "org.overlaylab.packets..", "org.overlaylab.simulator..", "org.overlaylab.hosts..",
                "org.overlaylab.app..").check(model);
    }
}
