/*
 * A route of the main table as `ip route` prints it: destination ("default" or a prefix), gateway,
 * device, protocol, scope, preferred source, type (unicast, blackhole, ...), metric and onlink.
 */
package org.overlaylab.model.topology;

public record Route(String destination, String gateway, String device, String protocol, String scope,
                    String source, String type, int metric, boolean onlink) {}
