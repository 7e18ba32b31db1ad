package dev.userfunctions.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the addresses cluster nodes announce to addresses this process can reach, for
 * example {@code redis-node-1:6379=localhost:7001}. An entry without a port on the left
 * maps that host for every port; without a port on the right it keeps the announced port.
 */
public final class AddressMap {

    public static final AddressMap NONE = new AddressMap(Map.of(), Map.of());

    private final Map<NodeAddress, String> byAddress;

    private final Map<String, String> byHost;

    private AddressMap(Map<NodeAddress, String> byAddress, Map<String, String> byHost) {
        this.byAddress = byAddress;
        this.byHost = byHost;
    }

    /**
     * Parses {@code announced=reachable,…} (the form of {@code REDIS_ADDRESS_MAP}); blank
     * means none.
     */
    public static AddressMap parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<NodeAddress, String> byAddress = new LinkedHashMap<>();
        Map<String, String> byHost = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] sides = entry.split("=", -1);
            if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
                throw new IllegalArgumentException(
                        "Expected announced=reachable (host:port=host:port or host=host) but got '" + entry.trim()
                                + "'");
            }
            String announced = sides[0].trim();
            String reachable = sides[1].trim();
            if (hasPort(reachable)) {
                NodeAddress.parse(reachable); // refuses a port that is not a number
                                              // in 1..65535
            }
            if (hasPort(announced)) {
                byAddress.put(NodeAddress.parse(announced), reachable);
            }
            else {
                byHost.put(announced, reachable);
            }
        }
        return new AddressMap(Map.copyOf(byAddress), Map.copyOf(byHost));
    }

    public boolean isEmpty() {
        return byAddress.isEmpty() && byHost.isEmpty();
    }

    /** Where to connect for a node that announces {@code announced}. */
    public NodeAddress map(NodeAddress announced) {
        String target = byAddress.get(announced);
        if (target == null) {
            target = byHost.get(announced.host());
        }
        if (target == null) {
            return announced;
        }
        return hasPort(target) ? NodeAddress.parse(target) : new NodeAddress(target, announced.port());
    }

    /**
     * host:port or [v6]:port; a bare IPv6 address (several colons, no brackets) is a
     * host.
     */
    private static boolean hasPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        return address.startsWith("[") ? address.indexOf(']') < colon : address.indexOf(':') == colon;
    }

    @Override
    public String toString() {
        return isEmpty() ? "none" : byAddress + " " + byHost;
    }

}
