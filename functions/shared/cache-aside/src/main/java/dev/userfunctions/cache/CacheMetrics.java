package dev.userfunctions.cache;

import dev.userfunctions.cache.lease.CacheEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cache's events as Micrometer meters, tagged {@code cache=<name>}:
 * {@code cache.gets{result=hit|miss|bypass}}, {@code cache.load} (loader time),
 * {@code cache.errors{operation=get|set|del}},
 * {@code cache.invalidations{result=deleted|failed}},
 * {@code cache.writebacks{result=stored|superseded}} (a superseded write-back found its
 * lease gone: the key was invalidated while it loaded),
 * {@code cache.lease.waits{result=served|expired}} (another process's lease waited on),
 * {@code cache.breaker.transitions{node=host:port,state=OPEN|HALF_OPEN|CLOSED}} and the
 * gauge {@code cache.bypassed.nodes} (master nodes whose reads are bypassed after
 * failures; -1 while not connected at all). The meters' names are written here only.
 */
final class CacheMetrics implements CacheEvents {

    private static final String GETS = "cache.gets";

    private static final String LOAD = "cache.load";

    private static final String ERRORS = "cache.errors";

    private static final String INVALIDATIONS = "cache.invalidations";

    private static final String WRITEBACKS = "cache.writebacks";

    private static final String LEASE_WAITS = "cache.lease.waits";

    private static final String BREAKER_TRANSITIONS = "cache.breaker.transitions";

    private static final String RESULT = "result";

    private final MeterRegistry registry;

    private final String name;

    private final Map<CacheOutcome, Counter> gets = new EnumMap<>(CacheOutcome.class);

    private final Timer load;

    private final Counter getErrors;

    private final Counter setErrors;

    private final Counter deleteErrors;

    private final Counter deleted;

    private final Counter failedDeletes;

    private final Counter stored;

    private final Counter superseded;

    private final Counter leaseWaitsServed;

    private final Counter leaseWaitsExpired;

    CacheMetrics(MeterRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
        for (CacheOutcome outcome : CacheOutcome.values()) {
            gets.put(outcome, counter(GETS, RESULT, outcome.name().toLowerCase(Locale.ROOT), "Cache reads by outcome"));
        }
        load = Timer.builder(LOAD)
            .tag("cache", name)
            .description("Time spent in loaders on misses and bypasses")
            .register(registry);
        getErrors = errors("get");
        setErrors = errors("set");
        deleteErrors = errors("del");
        deleted = counter(INVALIDATIONS, RESULT, "deleted", null);
        failedDeletes = counter(INVALIDATIONS, RESULT, "failed", null);
        stored = counter(WRITEBACKS, RESULT, "stored", null);
        superseded = counter(WRITEBACKS, RESULT, "superseded", null);
        leaseWaitsServed = counter(LEASE_WAITS, RESULT, "served", null);
        leaseWaitsExpired = counter(LEASE_WAITS, RESULT, "expired", null);
    }

    /** Publishes how many masters {@code cache} bypasses. */
    void gaugeBypassedNodes(Supplier<Integer> bypassedNodes) {
        Gauge.builder("cache.bypassed.nodes", bypassedNodes::get)
            .tag("cache", name)
            .description("Master nodes bypassed after Redis failures (-1: not connected)")
            .register(registry);
    }

    private Counter errors(String operation) {
        return counter(ERRORS, "operation", operation, "Redis errors and timeouts");
    }

    /** A counter of this cache, tagged {@code tag=value}. */
    private Counter counter(String meter, String tag, String value, String description) {
        return Counter.builder(meter).tag("cache", name).tag(tag, value).description(description).register(registry);
    }

    @Override
    public void outcome(CacheOutcome outcome) {
        gets.get(outcome).increment();
    }

    @Override
    public void loaded(long nanos) {
        load.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void getFailed() {
        getErrors.increment();
    }

    @Override
    public void setFailed() {
        setErrors.increment();
    }

    @Override
    public void writtenBack(boolean wasStored) {
        (wasStored ? stored : superseded).increment();
    }

    @Override
    public void leaseWaited(boolean served) {
        (served ? leaseWaitsServed : leaseWaitsExpired).increment();
    }

    @Override
    public void breakerTransitioned(String node, String state) {
        registry.counter(BREAKER_TRANSITIONS, "cache", name, "node", node, "state", state).increment();
    }

    @Override
    public void invalidated(long deletedKeys, int failedKeys) {
        deleted.increment(deletedKeys);
        if (failedKeys > 0) {
            failedDeletes.increment(failedKeys);
            deleteErrors.increment();
        }
    }

}
