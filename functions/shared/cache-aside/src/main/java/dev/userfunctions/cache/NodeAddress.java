package dev.userfunctions.cache;

/**
 * A Redis node address, {@code host:port}. (Named apart from Lettuce's own
 * {@code HostAndPort}, which the connection code uses beside it.)
 */
public record NodeAddress(String host, int port) {

    public NodeAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
    }

    /**
     * Parses {@code host:port}; IPv6 literals in brackets ({@code [::1]:7000}) are
     * accepted.
     */
    public static NodeAddress parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("Expected host:port but got '" + text + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new NodeAddress(host, Integer.parseInt(trimmed.substring(colon + 1)));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected host:port but got '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
