/* calicoctl v1.6's `get` tables as Go's tabwriter lays them out, and its bordered node status table. */
package org.overlaylab.model.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalicoctlTablesTest {

    @Test
    void everyCellIsPaddedToTheWidestPlusThreeAndABlankLineFollows() {
        String out = CalicoctlTables.resourceTable(List.<String[]>of(new String[] {"CIDR"}, new String[] {"10.149.0.0/16"},
                new String[] {"10.20.0.0/16"}));
        assertThat(out).isEqualTo("CIDR            \n10.149.0.0/16   \n10.20.0.0/16    \n\n");
    }

    @Test
    void aNarrowColumnIsStillFiveWideAndEmptyCellsArePadded() {
        String out = CalicoctlTables.resourceTable(List.<String[]>of(new String[] {"NAME", "ASN", "IPV4", "IPV6"},
                new String[] {"docker-node1", "(64512)", "192.168.205.10/24", ""}));
        assertThat(out).isEqualTo("NAME           ASN       IPV4                IPV6   \n"
                + "docker-node1   (64512)   192.168.205.10/24          \n\n");
        assertThat(CalicoctlTables.resourceTable(List.<String[]>of(new String[] {"NO"}))).isEqualTo("NO   \n\n");
    }

    @Test
    void theNodeStatusTableCentresItsHeaders() {
        String out = CalicoctlTables.borderedTable(List.of("PEER ADDRESS", "STATE"), List.<String[]>of(
                new String[] {"192.168.205.11", "up"}));
        assertThat(out).isEqualTo("+----------------+-------+\n|  PEER ADDRESS  | STATE |\n+----------------+-------+\n"
                + "| 192.168.205.11 | up    |\n+----------------+-------+\n");
    }
}
