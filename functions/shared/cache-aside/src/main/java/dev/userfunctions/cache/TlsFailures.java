package dev.userfunctions.cache;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * What to tell an operator when a connection failed in its TLS handshake: a certificate
 * not signed by a trusted authority, a certificate that does not name the node, or TLS
 * spoken to a node that does not (or the reverse).
 */
final class TlsFailures {

    private TlsFailures() {
    }

    static Optional<String> hint(Throwable failure) {
        Throwable tls = find(failure);
        if (tls == null) {
            return Optional.empty();
        }
        String message = String.valueOf(tls.getMessage());
        if (message.contains("PKIX") || message.contains("unable to find valid certification path")) {
            return Optional.of("The nodes' TLS certificate is not signed by an authority this process trusts ("
                    + message + "): for a private CA, set REDIS_TLS_TRUST to its certificate (a PEM file).");
        }
        if (message.contains("subject alternative") || message.contains("No name matching")) {
            return Optional.of("The nodes' TLS certificate does not name the address connected to (" + message
                    + "): host names are verified against the addresses connected to, the seeds in REDIS_NODES and "
                    + "the addresses the nodes announce, or with REDIS_ADDRESS_MAP the reachable addresses they map "
                    + "to; have the certificate name those.");
        }
        return Optional.of("The TLS handshake failed (" + message + "): check that the nodes speak TLS on these "
                + "ports when REDIS_TLS=true, and plain Redis when it is false.");
    }

    /** The TLS failure in {@code failure}'s causes and suppressed exceptions, if any. */
    private static Throwable find(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return innermost(cause);
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                Throwable found = find(suppressed);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The deepest cause of a TLS failure says what was wrong with the certificate. */
    private static Throwable innermost(Throwable tls) {
        Throwable deepest = tls;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest.getMessage() == null ? tls : deepest;
    }

}
