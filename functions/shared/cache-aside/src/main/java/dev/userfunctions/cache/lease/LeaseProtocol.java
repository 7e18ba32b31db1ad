package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.ErrorMessages;
import dev.userfunctions.cache.ValueCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cache-aside with leases (the discipline of Facebook's memcache, NSDI 2013), over a
 * {@link CacheStore}: read the key; on a miss take a lease on it ({@code SET NX PX}, a
 * fresh token per miss), load, and write the value back only if the key still holds that
 * lease (a compare-and-set). An invalidation deletes the key and with it the lease, so a
 * load that began before a write can never store what it read. A caller that finds
 * another process's lease waits up to {@link #LEASE_WAIT} for that value, then loads
 * without writing back. "Absent" answers are cached too, for their own TTL; TTLs are
 * jittered.
 *
 * <p>
 * Fails open: a store that is not asked, fails or times out makes the read a
 * {@link CacheOutcome#BYPASS} served by the loader. A loader's exception reaches the
 * caller as the cause of a {@link LoadFailedException} that says the read's outcome.
 *
 * <p>
 * No threads of its own, no client library: the store, the clock and the random draws are
 * given, so that every interleaving of its steps with other processes' can be explored in
 * a test.
 */
public final class LeaseProtocol implements CacheReads {

    private static final Logger log = LoggerFactory.getLogger(LeaseProtocol.class);

    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** TTLs vary by ±10 %, so that entries written together do not expire together. */
    static final double JITTER = 0.10;

    /**
     * How long a miss's lease on its key lives: 10 s. It outlasts the loader (MongoDB's
     * own timeouts end a load within 8 s), so that only a crashed loader leaves one
     * behind, and then only for this long.
     */
    public static final Duration LEASE_TTL = Duration.ofSeconds(10);

    /**
     * How long a caller that finds another process's lease waits for that process's value
     * before it loads the value itself (and then does not write it back): 250 ms.
     */
    public static final Duration LEASE_WAIT = Duration.ofMillis(250);

    private final CacheStore store;

    private final CacheSettings settings;

    private final Duration leaseWait;

    private final CacheEvents events;

    private final Ticker ticker;

    private final Entropy entropy;

    /**
     * @param leaseWait how long a miss waits for another process's lease:
     * {@link #LEASE_WAIT}, shorter where a test explores every step of the wait
     */
    public LeaseProtocol(CacheStore store, CacheSettings settings, Duration leaseWait, CacheEvents events,
            Ticker ticker, Entropy entropy) {
        this.store = store;
        this.settings = settings;
        this.leaseWait = leaseWait;
        this.events = events;
        this.ticker = ticker;
        this.entropy = entropy;
    }

    /** The value of {@code key}: from the store, or else loaded and written back. */
    @Override
    public <V> Read<V> read(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader) {
        Lookup<V> lookup = lookUp(key, codec);
        return lookup.isHit() ? lookup.hitAsRead() : load(lookup, ttl, loader);
    }

    /** The first step of a read: one {@code GET}, or why the store was not asked. */
    public <V> Lookup<V> lookUp(String key, ValueCodec<V> codec) {
        long sentAt = ticker.nanoTime();
        try {
            byte[] found = store.get(key);
            return new Lookup<>(key, codec, true, found, decode(key, found, codec), sentAt);
        }
        catch (CacheStoreException e) {
            readFailed(e);
            return new Lookup<>(key, codec, false, null, null, sentAt);
        }
    }

    /**
     * The rest of a read whose lookup found no usable value: take the lease and load, or
     * wait for another process's value, or load without the store when it failed.
     */
    public <V> Read<V> load(Lookup<V> lookup, Duration ttl, Supplier<Optional<V>> loader) {
        if (!lookup.asked()) {
            return loadAlone(loader, CacheOutcome.BYPASS);
        }
        Turn<V> turn;
        try {
            turn = awaitTurn(lookup);
        }
        catch (CacheStoreException e) {
            readFailed(e);
            return loadAlone(loader, CacheOutcome.BYPASS);
        }
        if (turn.served() != null) {
            return turn.served();
        }
        if (turn.expected() == null) {
            return loadAlone(loader, CacheOutcome.MISS);
        }
        return loadAndWriteBack(lookup.key(), lookup.codec(), ttl, loader, turn.expected());
    }

    /**
     * A read or lease command failed; counted as an error only if the store was asked.
     */
    private void readFailed(CacheStoreException e) {
        if (e.asked()) {
            events.getFailed();
        }
    }

    /**
     * Takes the lease when the key is empty, and while another process holds it, polls
     * for its value until the lease wait is over.
     */
    private <V> Turn<V> awaitTurn(Lookup<V> lookup) {
        long deadline = ticker.nanoTime() + leaseWait.toNanos();
        long pause = FIRST_POLL_NANOS;
        byte[] found = lookup.found();
        while (true) {
            if (found == null) {
                byte[] lease = Entries.lease(entropy.leaseToken());
                if (store.putIfAbsent(lookup.key(), lease, LEASE_TTL)) {
                    return new Turn<>(null, lease);
                }
            }
            else if (!isLease(found)) {
                return new Turn<>(null, found); // an unreadable entry: replace exactly it
            }
            if (ticker.nanoTime() - deadline >= 0) {
                events.leaseWaited(false);
                return Turn.loadAlone();
            }
            if (found != null) {
                ticker.pause(pause);
                pause = Math.min(2 * pause, MAX_POLL_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    return Turn.loadAlone();
                }
            }
            long sentAt = ticker.nanoTime();
            found = store.get(lookup.key());
            CacheResult<V> hit = decode(lookup.key(), found, lookup.codec());
            if (hit != null) {
                events.leaseWaited(true);
                return new Turn<>(new Read<>(hit, sentAt), null);
            }
        }
    }

    private <V> Read<V> loadAndWriteBack(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader,
            byte[] expected) {
        long loadStarted = ticker.nanoTime();
        CacheResult<V> loaded;
        try {
            loaded = runLoader(loader, CacheOutcome.MISS, loadStarted);
        }
        catch (RuntimeException | Error e) {
            if (isLease(expected)) {
                release(key, expected);
            }
            throw e;
        }
        byte[] bytes = loaded.value().map(codec::encode).orElseGet(Entries::absent);
        Duration lifetime = jittered(loaded.value().isPresent() ? ttl : settings.negativeTtl());
        long writeStarted = ticker.nanoTime();
        boolean stored;
        try {
            stored = store.compareAndSet(key, expected, bytes, lifetime);
        }
        catch (CacheStoreException e) {
            stored = false;
            if (e.asked()) {
                events.setFailed();
            }
        }
        events.writtenBack(stored);
        // Stored: nothing invalidated the key since the lease, so the value is as new as
        // the compare-and-set. Otherwise only as new as the load.
        return new Read<>(loaded, stored ? writeStarted : loadStarted);
    }

    private void release(String key, byte[] lease) {
        try {
            store.deleteIfEquals(key, lease);
        }
        catch (CacheStoreException e) {
            log.debug("Cache '{}': the lease on {} was not given up ({}); it expires", settings.name(), key,
                    ErrorMessages.describe(e));
        }
    }

    private <V> Read<V> loadAlone(Supplier<Optional<V>> loader, CacheOutcome outcome) {
        long started = ticker.nanoTime();
        return new Read<>(runLoader(loader, outcome, started), started);
    }

    /**
     * Runs the loader, started at {@code started}; its time and outcome are reported
     * either way.
     */
    private <V> CacheResult<V> runLoader(Supplier<Optional<V>> loader, CacheOutcome outcome, long started) {
        try {
            Optional<V> value = loader.get();
            return new CacheResult<>(value == null ? Optional.empty() : value, outcome);
        }
        catch (RuntimeException e) {
            throw new LoadFailedException(outcome, e);
        }
        finally {
            events.loaded(ticker.nanoTime() - started);
            events.outcome(outcome);
        }
    }

    /** The hit in {@code found}, or null: nothing there, a lease, an unreadable entry. */
    private <V> CacheResult<V> decode(String key, byte[] found, ValueCodec<V> codec) {
        if (found == null || isLease(found)) {
            return null;
        }
        CacheResult<V> hit;
        if (Entries.isAbsent(found)) {
            hit = new CacheResult<>(Optional.empty(), CacheOutcome.HIT);
        }
        else {
            try {
                hit = new CacheResult<>(Optional.of(codec.decode(found)), CacheOutcome.HIT);
            }
            catch (RuntimeException e) {
                log.warn("Cache '{}': unreadable entry under {} ({}); reloading and overwriting it", settings.name(),
                        key, ErrorMessages.describe(e));
                return null;
            }
        }
        events.outcome(CacheOutcome.HIT);
        return hit;
    }

    /** Whether {@code stored} is a lease rather than a value. */
    public static boolean isLease(byte[] stored) {
        return Entries.isLease(stored);
    }

    private Duration jittered(Duration ttl) {
        double spread = JITTER * (2 * entropy.unit() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(ttl.toMillis() * (1 + spread))));
    }

    /**
     * What a miss does next: served (another process's value arrived), write over
     * {@code expected} (its lease, or an unreadable entry), or, with neither, load alone.
     */
    private record Turn<V>(Read<V> served, byte[] expected) {

        static <V> Turn<V> loadAlone() {
            return new Turn<>(null, null);
        }

    }

}
