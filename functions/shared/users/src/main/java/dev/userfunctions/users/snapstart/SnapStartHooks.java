package dev.userfunctions.users.snapstart;

import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.config.ReopenableMongoDatabaseFactory;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * SnapStart: Lambda snapshots an initialised execution environment and restores it,
 * possibly many times and on other machines. Sockets in the snapshot would belong to
 * another machine after a restore, so before the checkpoint this primes the function
 * (once, only here: a start without SnapStart pays nothing for it) and closes the Redis
 * connection and MongoDB's connections; after the restore it opens them again.
 *
 * <p>
 * Registered with org.crac's global context: the Lambda runtime starts the JVM with
 * {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, so the registration
 * reaches the runtime, which calls the hooks. Anywhere else they are never called. The
 * global context may hold its resources weakly: this object must stay referenced (the
 * Lambda's {@code ExecutionEnvironment} holds it).
 */
public final class SnapStartHooks implements Resource {

    private static final Logger log = LoggerFactory.getLogger(SnapStartHooks.class);

    private final ReopenableMongoDatabaseFactory mongo;

    private final UserCache cache;

    private final List<SnapStartPriming> primings;

    public SnapStartHooks(ReopenableMongoDatabaseFactory mongo, UserCache cache, List<SnapStartPriming> primings) {
        this.mongo = mongo;
        this.cache = cache;
        this.primings = List.copyOf(primings);
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        for (SnapStartPriming priming : primings) {
            try {
                priming.prime();
            }
            catch (RuntimeException e) {
                log.warn("SnapStart priming failed ({}); the snapshot is taken anyway, only less warm", e.toString());
            }
        }
        long primed = System.nanoTime();
        cache.suspend();
        mongo.suspend();
        log.info("SnapStart checkpoint: primed in {} ms, connections closed in {} ms", (primed - start) / 1_000_000,
                (System.nanoTime() - primed) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        long start = System.nanoTime();
        mongo.resume();
        cache.resume();
        log.info("SnapStart restore: clients reopened in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

}
