package dev.userfunctions.cache;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.netty.handler.ssl.NotSslRecordException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints for failures shaped as Lettuce reports them (captured from TlsClusterIT,
 * LambdaTlsColdStartIT and RedisAclIT): the cluster's failure, each seed's as a
 * suppressed exception of its cause, the handshake's or the node's answer below that.
 */
class ConnectionFailuresTest {

    private static final RedisClusterSettings SETTINGS = RedisClusterSettings.builder().seeds("127.0.0.1:7000").build();

    private static Throwable clusterFailure(Throwable seedCause) {
        RuntimeException partitions = new RuntimeException("Cannot retrieve cluster partitions from [rediss://...]");
        partitions.addSuppressed(new RedisConnectionException(
                "Unable to connect to [127.0.0.1/<unresolved>:7000]: " + seedCause.getMessage(), seedCause));
        return new RedisConnectionException("Unable to establish a connection to Redis Cluster", partitions);
    }

    @Test
    void anUntrustedAuthorityNamesTheTrustSetting() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new Exception("unable to find valid certification path to requested target"));

        assertThat(ConnectionFailures.hint(clusterFailure(handshake), SETTINGS))
            .contains("not signed by an authority this process trusts")
            .contains("REDIS_TLS_TRUST")
            .doesNotContain("REDIS_ADDRESS_MAP");
    }

    @Test
    void aCertificateThatDoesNotNameTheAddressSaysWhichNamesAreVerified() {
        assertThat(ConnectionFailures
            .hint(clusterFailure(new SSLHandshakeException("No name matching localhost found")), SETTINGS))
            .contains("does not name the address connected to (No name matching localhost found)");
    }

    @Test
    void tlsSpokenToANodeThatDoesNotSpeakItSaysToCheckTheTransport() {
        assertThat(ConnectionFailures
            .hint(clusterFailure(new NotSslRecordException("not an SSL/TLS record: 2d45525220")), SETTINGS))
            .contains("The TLS handshake failed")
            .contains("REDIS_TLS=true");
    }

    @Test
    void aSetUpThatRanOutOfTimeNamesBothItsCauses() {
        for (Throwable timeout : new Throwable[] {
                new RedisCommandTimeoutException("Connection initialization timed out after 250 millisecond(s)"),
                new RedisCommandTimeoutException("Timeout after 500 millisecond(s)") }) {
            assertThat(ConnectionFailures.hint(clusterFailure(timeout), SETTINGS))
                .as("a dropped packet and a slow handshake look alike: both causes named")
                .contains("took longer than REDIS_CONNECT_TIMEOUT (500 ms)")
                .contains("packets dropped")
                .contains("raise REDIS_CONNECT_TIMEOUT");
        }
    }

    @Test
    void aRefusedLoginNamesBothVariables() {
        assertThat(ConnectionFailures.hint(clusterFailure(
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.")),
                SETTINGS))
            .contains("REDIS_USERNAME and REDIS_PASSWORD");
    }

    @Test
    void anythingElseIsAboutTheAddresses() {
        assertThat(
                ConnectionFailures.hint(clusterFailure(new java.net.ConnectException("Connection refused")), SETTINGS))
            .contains("set REDIS_ADDRESS_MAP");
    }

}
