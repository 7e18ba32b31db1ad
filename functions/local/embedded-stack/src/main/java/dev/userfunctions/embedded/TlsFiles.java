package dev.userfunctions.embedded;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private certificate authority made at test time with {@code openssl}, and one server
 * certificate it signed for the Redis nodes, as PEM files: what an operator of a
 * self-managed TLS cluster has.
 *
 * @param caCertificate the authority's certificate, the file clients are told to trust
 * @param certificate the nodes' certificate
 * @param privateKey the nodes' private key
 */
public record TlsFiles(Path caCertificate, Path certificate, Path privateKey) {

    private static final long OPENSSL_TIMEOUT_SECONDS = 30;

    /**
     * Makes an authority and a certificate for {@code subjectAltNames} (such as
     * {@code IP:127.0.0.1} or {@code DNS:localhost}) in {@code directory}.
     */
    public static TlsFiles generate(Path directory, List<String> subjectAltNames) {
        try {
            Files.createDirectories(directory);
            Path caKey = directory.resolve("ca.key");
            Path ca = directory.resolve("ca.crt");
            Path key = directory.resolve("redis.key");
            Path request = directory.resolve("redis.csr");
            Path certificate = directory.resolve("redis.crt");
            Path extensions = directory.resolve("redis.ext");
            Files.writeString(extensions, "subjectAltName=" + String.join(",", subjectAltNames) + "\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\n");
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                    "-days", "2", "-subj", "/CN=user-functions test CA");
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", request.toString(),
                    "-subj", "/CN=redis");
            openssl("x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                    "-CAcreateserial", "-out", certificate.toString(), "-days", "2", "-extfile", extensions.toString());
            return new TlsFiles(ca, certificate, key);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not write the test certificates into " + directory, e);
        }
    }

    /** A TLS context that trusts this authority only. */
    public SSLContext clientContext() {
        try (InputStream pem = Files.newInputStream(caCertificate)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not read " + caCertificate, e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not trust " + caCertificate, e);
        }
    }

    /**
     * redis-server's options for a TLS-only node whose cluster bus and replication use
     * TLS too.
     */
    List<String> serverOptions(int port) {
        return List.of("--port", "0", "--tls-port", String.valueOf(port), "--tls-cluster", "yes", "--tls-replication",
                "yes", "--tls-cert-file", certificate.toString(), "--tls-key-file", privateKey.toString(),
                "--tls-ca-cert-file", caCertificate.toString(), "--tls-auth-clients", "no");
    }

    private static void openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("openssl", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
                if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " failed or did not finish within "
                            + OPENSSL_TIMEOUT_SECONDS + " s: " + Files.readString(output, StandardCharsets.UTF_8));
                }
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not run openssl (install it: apt-get install openssl)", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running openssl", e);
        }
    }

}
