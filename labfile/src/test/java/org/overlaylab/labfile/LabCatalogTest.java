/* The lab catalogue lists each built-in lab as parsing it would, and a stale entry never shows. */
package org.overlaylab.labfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.lab.Lab;

class LabCatalogTest {

    private static List<LabCatalog.Heading> parsed() throws Exception {
        return LabLoader.builtIns().stream().map(LabCatalog.Heading::of).toList();
    }

    @Test
    void theCatalogueListsEachBuiltInLabAsParsingItDoes() throws Exception {
        List<LabCatalog.Heading> parsed = parsed();
        assertThat(parsed).hasSize(LabLoader.builtInIds().size());
        assertThat(LabCatalog.builtIns(LabCatalog.catalogText())).isEqualTo(parsed);
        assertThat(LabCatalog.builtIns("")).as("without a catalogue every lab is parsed").isEqualTo(parsed);
        assertThat(parsed.get(0)).isEqualTo(new LabCatalog.Heading("docker-overlay-etcd",
                "Docker overlay network with a two-host etcd cluster", LabLoader.builtIn("docker-overlay-etcd").steps().size()));
    }

    @Test
    void anEntryIsUsedOnlyWhileTheLabTextHasItsChecksum() throws Exception {
        String catalog = LabCatalog.catalogText();
        String line = catalog.lines().filter(l -> l.startsWith("ovs-gre\t")).findFirst().orElseThrow();
        String[] f = line.split("\t", 4);
        Lab ovs = LabLoader.builtIn("ovs-gre");

        String renamed = catalog.replace(line, f[0] + "\t" + f[1] + "\t" + f[2] + "\tA title from the catalogue");
        assertThat(LabCatalog.builtIns(renamed)).contains(new LabCatalog.Heading("ovs-gre", "A title from the catalogue",
                ovs.steps().size()));

        String stale = catalog.replace(line, f[0] + "\t0\t99\tA lab as it once was");
        assertThat(LabCatalog.builtIns(stale)).as("an entry whose checksum no longer matches is parsed afresh")
                .contains(new LabCatalog.Heading("ovs-gre", ovs.title(), ovs.steps().size()))
                .noneMatch(h -> h.title().equals("A lab as it once was"));
        assertThat(LabCatalog.builtIns(catalog.replace(line, "ovs-gre\tnot a line")))
                .as("a broken line is parsed afresh").isEqualTo(parsed());
    }
}
