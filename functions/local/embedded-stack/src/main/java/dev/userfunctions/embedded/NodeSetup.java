package dev.userfunctions.embedded;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every node of one cluster is started with.
 *
 * @param binary the redis-server executable
 * @param tls the nodes' certificates; null for nodes without TLS
 * @param clusterNodeTimeout how long a silent node goes before it is suspected
 * @param requireFullCoverage whether a node refuses every slot while some slot has no
 * master
 */
record NodeSetup(Path binary, TlsFiles tls, Duration clusterNodeTimeout, boolean requireFullCoverage) {

    /** Plain nodes that serve the slots they have while others have none. */
    static NodeSetup plain(Path binary, Duration clusterNodeTimeout) {
        return new NodeSetup(binary, null, clusterNodeTimeout, false);
    }

}
