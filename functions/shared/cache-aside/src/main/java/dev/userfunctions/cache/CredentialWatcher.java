package dev.userfunctions.cache;

import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;

/**
 * Tells the login's source when a node refused it, on a first connect or on one of
 * Lettuce's reconnects, so that a rotated secret is read again; other failures are the
 * breakers' and the reconnects' business.
 */
final class CredentialWatcher {

    private final RedisLogin login;

    private CredentialWatcher(RedisLogin login) {
        this.login = login;
    }

    /**
     * Watches Lettuce's reconnects on {@code resources}' event bus; none without a login.
     */
    static CredentialWatcher watching(ClientResources resources, RedisClusterSettings settings) {
        CredentialWatcher watcher = new CredentialWatcher(settings.login().orElse(null));
        if (watcher.login != null) {
            resources.eventBus()
                .get()
                .filter(ReconnectFailedEvent.class::isInstance)
                .subscribe(event -> watcher.failed(((ReconnectFailedEvent) event).getCause()));
        }
        return watcher;
    }

    /** A connect failed with {@code failure}: a refused login is reported. */
    void failed(Throwable failure) {
        if (login != null && (RedisErrors.answered(failure, "WRONGPASS") || RedisErrors.answered(failure, "NOAUTH"))) {
            login.refused();
        }
    }

}
