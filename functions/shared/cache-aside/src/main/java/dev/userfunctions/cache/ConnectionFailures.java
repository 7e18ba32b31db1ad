package dev.userfunctions.cache;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;

/**
 * What an operator should check when connecting to the Redis Cluster failed, by what the
 * failure says: the TLS set-up (an untrusted authority, a certificate that does not name
 * the address, TLS spoken to plain Redis), a set-up that ran out of time, the login, a
 * permission, or else the addresses. Lettuce reports each seed's failure as a suppressed
 * exception of the cluster's, its cause the handshake's or the node's answer.
 */
final class ConnectionFailures {

    private ConnectionFailures() {
    }

    static String hint(Throwable failure, RedisClusterSettings settings) {
        Throwable tls = RedisErrors.find(failure,
                cause -> cause instanceof SSLException || cause instanceof CertificateException);
        if (tls != null) {
            return tlsHint(String.valueOf(deepest(tls).getMessage()));
        }
        if (RedisErrors.mentions(failure, "Connection initialization timed out")
                || RedisErrors.mentions(failure, "Timeout after")) {
            return "Setting the connection up (TCP connect, TLS handshake, login) took longer than "
                    + "REDIS_CONNECT_TIMEOUT (" + settings.connectTimeout().toMillis() + " ms). Either the nodes do "
                    + "not answer at these addresses (packets dropped: a firewall or security group, a wrong "
                    + addressAdvice(settings) + "), or the set-up is slow: a new process's first TLS handshakes on a "
                    + "small share of a CPU; raise REDIS_CONNECT_TIMEOUT for the latter.";
        }
        if (RedisErrors.answered(failure, "WRONGPASS") || RedisErrors.answered(failure, "NOAUTH")) {
            return "Redis refused the login: check REDIS_USERNAME and REDIS_PASSWORD (or the secret's \"username\" "
                    + "and \"password\"); Redis answers the same for a wrong user name and a wrong password.";
        }
        if (RedisErrors.answered(failure, "NOPERM")) {
            return "The Redis user lacks a permission the cache needs: docs/DEPLOY.md \"Redis users\" gives the ACL "
                    + "rule.";
        }
        return settings.addressMap().isEmpty()
                ? "If the nodes announce addresses this process cannot reach (containers seen from the host), "
                        + "set REDIS_ADDRESS_MAP=announced=reachable,..."
                : "Check REDIS_ADDRESS_MAP (" + settings.addressMap()
                        + ") against the addresses the nodes announce (CLUSTER NODES).";
    }

    private static String addressAdvice(RedisClusterSettings settings) {
        return settings.addressMap().isEmpty() ? "REDIS_NODES, or announced addresses that need REDIS_ADDRESS_MAP"
                : "REDIS_NODES or REDIS_ADDRESS_MAP (" + settings.addressMap() + ")";
    }

    private static String tlsHint(String message) {
        if (message.contains("PKIX") || message.contains("unable to find valid certification path")) {
            return "The nodes' TLS certificate is not signed by an authority this process trusts (" + message
                    + "): for a private CA, set REDIS_TLS_TRUST to its certificate (a PEM file).";
        }
        if (message.contains("subject alternative") || message.contains("No name matching")) {
            return "The nodes' TLS certificate does not name the address connected to (" + message
                    + "): host names are verified against the addresses connected to, the seeds in REDIS_NODES and "
                    + "the addresses the nodes announce, or with REDIS_ADDRESS_MAP the reachable addresses they map "
                    + "to; have the certificate name those.";
        }
        return "The TLS handshake failed (" + message + "): check that the nodes speak TLS on these ports when "
                + "REDIS_TLS=true, and plain Redis when it is false.";
    }

    /** The deepest cause of a TLS failure says what was wrong with the certificate. */
    private static Throwable deepest(Throwable tls) {
        Throwable deepest = tls;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest.getMessage() == null ? tls : deepest;
    }

}
