package dev.userfunctions.cache;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * The Redis Cluster as this process sees it (Lettuce's last topology, refreshed on
 * failures and after idleness) and what the cache does with it and with each master.
 */
public record ClusterView(Use state, List<Master> masters, int slotsServed) {

    public ClusterView {
        masters = List.copyOf(masters);
    }

    /** The view of a process with no Redis Cluster configured. */
    public static ClusterView notConfigured() {
        return new ClusterView(Use.NOT_CONFIGURED, List.of(), 0);
    }

    static ClusterView notConnected() {
        return new ClusterView(Use.NOT_CONNECTED, List.of(), 0);
    }

    /**
     * A master, the slots it serves, whether the cluster has failed it, the cache's use
     * of it, its replicas.
     */
    public record Master(String address, int slots, boolean failed, Use cache, List<String> replicas) {

        public Master {
            replicas = List.copyOf(replicas);
        }
    }

    /**
     * The cache's use of the whole cluster, or of one master (by its breaker: in use,
     * bypassed, probing); shown as its label.
     */
    public enum Use {

        NOT_CONFIGURED("not configured"), NOT_CONNECTED("not connected"), IN_USE("in use"),
        /** A master's breaker is half-open: one probe decides. */
        PROBING("probing"),
        /** Some masters are bypassed or probed after failures. */
        PARTLY_BYPASSED("partly bypassed"),
        /** Every master (or this one) is bypassed after failures. */
        BYPASSED("bypassed");

        private final String label;

        Use(String label) {
            this.label = label;
        }

        @JsonValue
        @Override
        public String toString() {
            return label;
        }

    }

}
