/* A member of the lab's etcd cluster: its hex ID, name, URLs, the host it runs on and its health. */
package org.overlaylab.model.topology;

import java.util.List;

public record EtcdMember(String id, String name, String host, List<String> peerUrls, List<String> clientUrls,
                         boolean healthy) {

    public EtcdMember {
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }
}
