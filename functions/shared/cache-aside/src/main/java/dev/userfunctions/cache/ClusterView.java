package dev.userfunctions.cache;

import java.util.List;

/**
 * The Redis Cluster as this process sees it (Lettuce's last topology, refreshed every few
 * seconds and on failures) and what the cache does with each master: {@code in use},
 * {@code bypassed} (its breaker is open), {@code probing}. {@code state} is
 * {@code not connected}, {@code in use}, {@code partly bypassed} or {@code bypassed}.
 */
public record ClusterView(String state, List<Master> masters, int slotsServed) {

    public ClusterView {
        masters = List.copyOf(masters);
    }

    /**
     * A master, the slots it serves, whether the cluster has failed it, the cache's use
     * of it, its replicas.
     */
    public record Master(String address, int slots, boolean failed, String cache, List<String> replicas) {

        public Master {
            replicas = List.copyOf(replicas);
        }
    }

    static ClusterView notConnected() {
        return new ClusterView("not connected", List.of(), 0);
    }
}
