/*
 * One key of the etcd store: the full path, its value (null for a v2 directory), which API wrote
 * it ("v2" or "v3") and its remaining TTL in seconds (0 for none).
 */
package org.overlaylab.model.topology;

public record EtcdKey(String key, String value, String api, long ttlSeconds) {

    public boolean isDirectory() {
        return value == null;
    }
}
