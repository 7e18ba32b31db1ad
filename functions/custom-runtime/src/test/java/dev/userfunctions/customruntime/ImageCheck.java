package dev.userfunctions.customruntime;

import javax.naming.Context;
import javax.naming.directory.InitialDirContext;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Hashtable;

/**
 * Run on a package's run-time image by {@link RuntimeImageIT}: what the code loads by
 * name works there. Prints one line per check.
 */
public final class ImageCheck {

    private ImageCheck() {
    }

    public static void main(String[] args) throws Exception {
        // mongodb+srv:// seed lists: the driver asks JNDI's DNS provider for SRV and TXT
        // records.
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        environment.put(Context.PROVIDER_URL, "dns:");
        new InitialDirContext(environment).close();
        System.out.println("dns: ok");
        // TLS 1.3 to Redis and MongoDB: elliptic-curve key exchange and signatures.
        KeyPairGenerator.getInstance("EC").generateKeyPair();
        KeyPairGenerator.getInstance("X25519").generateKeyPair();
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, null, null);
        SSLEngine engine = tls.createSSLEngine();
        System.out.println("tls: " + String.join(",", engine.getSupportedProtocols()) + " "
                + Arrays.stream(engine.getEnabledCipherSuites()).filter(suite -> suite.startsWith("TLS_AES")).toList());
    }

}
