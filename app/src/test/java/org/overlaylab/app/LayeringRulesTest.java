/*
 * The layering the folders promise: view models talk to backends only through the model's Backend
 * interface (so the UI never knows which backend it drives), and the simulator's kernel and
 * forwarding engine know nothing of the daemons (dockerd, Calico) that program them; daemons
 * reach the kernel through hooks it offers (a namespace's FORWARD hook), never the other way, and
 * dockerd reaches Calico only through the network driver API its remote driver implements.
 */
package org.overlaylab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class LayeringRulesTest {
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.overlaylab");

    @Test
    void theRulesSeeThePackagesTheyGuard() {
        for (String pkg : new String[] {"org.overlaylab.app.ui.vm", "org.overlaylab.simulator.net",
                "org.overlaylab.simulator.kernel", "org.overlaylab.simulator.docker", "org.overlaylab.simulator.calico"}) {
            assertThat(ALL.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void viewModelsUseNoRealBackendClass() {
        noClasses().that().resideInAPackage("org.overlaylab.app.ui.vm..")
                .should().dependOnClassesThat().resideInAPackage("org.overlaylab.hosts..")
                .check(ALL);
    }

    @Test
    void kernelAndForwardingEngineKnowNoDaemon() {
        noClasses().that().resideInAnyPackage("org.overlaylab.simulator.net..", "org.overlaylab.simulator.kernel..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.overlaylab.simulator.docker..", "org.overlaylab.simulator.calico..")
                .check(ALL);
    }

    @Test
    void theDaemonKnowsPluginsOnlyThroughTheDriverApi() {
        noClasses().that().resideInAPackage("org.overlaylab.simulator.docker..")
                .should().dependOnClassesThat().resideInAPackage("org.overlaylab.simulator.calico..")
                .check(ALL);
    }
}
