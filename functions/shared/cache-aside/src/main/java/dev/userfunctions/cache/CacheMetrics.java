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
 * Micrometer meters of one cache, tagged {@code cache=<name>}:
 * {@code cache.gets{result=hit|miss|bypass}}, {@code cache.load} (loader time),
 * {@code cache.errors{operation=get|set|del}},
 * {@code cache.invalidations{result=deleted|failed}},
 * {@code cache.writebacks{result=stored|superseded}} (a superseded write-back found its
 * lease gone: the key was invalidated while it loaded),
 * {@code cache.lease.waits{result=served|expired}} (another process's lease waited on)
 * and the gauge {@code cache.bypassed.nodes} (master nodes whose reads are bypassed after
 * failures; -1 while not connected at all).
 */
final class CacheMetrics implements CacheEvents {

    private static final String WRITEBACKS = "cache.writebacks";

    private static final String LEASE_WAITS = "cache.lease.waits";

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

    CacheMetrics(MeterRegistry registry, String name, Supplier<Integer> bypassedNodes) {
        for (CacheOutcome outcome : CacheOutcome.values()) {
            gets.put(outcome, counter(registry, name, CacheMeters.GETS, CacheMeters.RESULT,
                    outcome.name().toLowerCase(Locale.ROOT), "Cache reads by outcome"));
        }
        load = Timer.builder(CacheMeters.LOAD)
            .tag("cache", name)
            .description("Time spent in loaders on misses and bypasses")
            .register(registry);
        getErrors = errors(registry, name, "get");
        setErrors = errors(registry, name, "set");
        deleteErrors = errors(registry, name, "del");
        deleted = counter(registry, name, CacheMeters.INVALIDATIONS, CacheMeters.RESULT, "deleted", null);
        failedDeletes = counter(registry, name, CacheMeters.INVALIDATIONS, CacheMeters.RESULT, CacheMeters.FAILED,
                null);
        stored = counter(registry, name, WRITEBACKS, CacheMeters.RESULT, "stored", null);
        superseded = counter(registry, name, WRITEBACKS, CacheMeters.RESULT, "superseded", null);
        leaseWaitsServed = counter(registry, name, LEASE_WAITS, CacheMeters.RESULT, "served", null);
        leaseWaitsExpired = counter(registry, name, LEASE_WAITS, CacheMeters.RESULT, "expired", null);
        Gauge.builder("cache.bypassed.nodes", bypassedNodes::get)
            .tag("cache", name)
            .description("Master nodes bypassed after Redis failures (-1: not connected)")
            .register(registry);
    }

    private static Counter errors(MeterRegistry registry, String name, String operation) {
        return counter(registry, name, CacheMeters.ERRORS, "operation", operation, "Redis errors and timeouts");
    }

    /** A counter of cache {@code name}, tagged {@code tag=value}. */
    private static Counter counter(MeterRegistry registry, String name, String meter, String tag, String value,
            String description) {
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
    public void invalidated(long deletedKeys, int failedKeys) {
        deleted.increment(deletedKeys);
        if (failedKeys > 0) {
            failedDeletes.increment(failedKeys);
            deleteErrors.increment();
        }
    }

}
