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
            gets.put(outcome,
                    Counter.builder(CacheMeters.GETS)
                        .tag("cache", name)
                        .tag(CacheMeters.RESULT, outcome.name().toLowerCase(Locale.ROOT))
                        .description("Cache reads by outcome")
                        .register(registry));
        }
        load = Timer.builder(CacheMeters.LOAD)
            .tag("cache", name)
            .description("Time spent in loaders on misses and bypasses")
            .register(registry);
        getErrors = errors(registry, name, "get");
        setErrors = errors(registry, name, "set");
        deleteErrors = errors(registry, name, "del");
        deleted = Counter.builder(CacheMeters.INVALIDATIONS)
            .tag("cache", name)
            .tag(CacheMeters.RESULT, "deleted")
            .register(registry);
        failedDeletes = Counter.builder(CacheMeters.INVALIDATIONS)
            .tag("cache", name)
            .tag(CacheMeters.RESULT, CacheMeters.FAILED)
            .register(registry);
        stored = Counter.builder("cache.writebacks").tag("cache", name).tag("result", "stored").register(registry);
        superseded = Counter.builder("cache.writebacks")
            .tag("cache", name)
            .tag("result", "superseded")
            .register(registry);
        leaseWaitsServed = Counter.builder("cache.lease.waits")
            .tag("cache", name)
            .tag("result", "served")
            .register(registry);
        leaseWaitsExpired = Counter.builder("cache.lease.waits")
            .tag("cache", name)
            .tag("result", "expired")
            .register(registry);
        Gauge.builder("cache.bypassed.nodes", bypassedNodes::get)
            .tag("cache", name)
            .description("Master nodes bypassed after Redis failures (-1: not connected)")
            .register(registry);
    }

    private static Counter errors(MeterRegistry registry, String name, String operation) {
        return Counter.builder(CacheMeters.ERRORS)
            .tag("cache", name)
            .tag("operation", operation)
            .description("Redis errors and timeouts")
            .register(registry);
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
