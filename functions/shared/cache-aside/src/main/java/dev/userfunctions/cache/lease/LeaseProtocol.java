package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.cache.CacheSettings;
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
 * another process's lease waits up to {@link CacheSettings#leaseWait()} for that value,
 * then loads without writing back. "Absent" answers are cached too, for their own TTL;
 * TTLs are jittered.
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
public final class LeaseProtocol {

    private static final Logger log = LoggerFactory.getLogger(LeaseProtocol.class);

    /** Stored for "known absent": JSON never starts with a NUL byte. */
    private static final byte[] ABSENT = { 0 };

    /** First byte of a lease, which is this byte and a 16-byte token. */
    private static final byte LEASE_MARK = 1;

    private static final int LEASE_LENGTH = 17;

    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final CacheStore store;

    private final CacheSettings settings;

    private final CacheEvents events;

    private final Ticker ticker;

    private final Entropy entropy;

    public LeaseProtocol(CacheStore store, CacheSettings settings, CacheEvents events, Ticker ticker, Entropy entropy) {
        this.store = store;
        this.settings = settings;
        this.events = events;
        this.ticker = ticker;
        this.entropy = entropy;
    }

    /** The value of {@code key}: from the store, or else loaded and written back. */
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
            if (e.asked()) {
                events.getFailed();
            }
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
            if (e.asked()) {
                events.getFailed();
            }
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
     * Takes the lease when the key is empty, and while another process holds it, polls
     * for its value until the lease wait is over.
     */
    private <V> Turn<V> awaitTurn(Lookup<V> lookup) {
        long deadline = ticker.nanoTime() + settings.leaseWait().toNanos();
        long pause = FIRST_POLL_NANOS;
        byte[] found = lookup.found();
        while (true) {
            if (found == null) {
                byte[] lease = newLease();
                if (store.putIfAbsent(lookup.key(), lease, settings.leaseTtl())) {
                    return Turn.writeOver(lease);
                }
            }
            else if (!isLease(found)) {
                return Turn.writeOver(found); // an unreadable entry: replace exactly it
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
                return Turn.served(new Read<>(hit, sentAt));
            }
        }
    }

    private <V> Read<V> loadAndWriteBack(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader,
            byte[] expected) {
        long loadStarted = ticker.nanoTime();
        CacheResult<V> loaded;
        try {
            loaded = runLoader(loader, CacheOutcome.MISS);
        }
        catch (RuntimeException | Error e) {
            if (isLease(expected)) {
                release(key, expected);
            }
            throw e;
        }
        byte[] bytes = loaded.value().map(codec::encode).orElse(ABSENT);
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
            log.debug("Cache '{}': could not give up the lease on {} ({}); it expires in {}", settings.name(), key,
                    e.getMessage(), settings.leaseTtl());
        }
    }

    private <V> Read<V> loadAlone(Supplier<Optional<V>> loader, CacheOutcome outcome) {
        long started = ticker.nanoTime();
        return new Read<>(runLoader(loader, outcome), started);
    }

    private <V> CacheResult<V> runLoader(Supplier<Optional<V>> loader, CacheOutcome outcome) {
        long started = ticker.nanoTime();
        Optional<V> value;
        try {
            value = loader.get();
        }
        catch (RuntimeException e) {
            events.loaded(ticker.nanoTime() - started);
            events.outcome(outcome);
            throw new LoadFailedException(outcome, e);
        }
        events.loaded(ticker.nanoTime() - started);
        events.outcome(outcome);
        return new CacheResult<>(value == null ? Optional.empty() : value, outcome);
    }

    /** The hit in {@code found}, or null: nothing there, a lease, an unreadable entry. */
    private <V> CacheResult<V> decode(String key, byte[] found, ValueCodec<V> codec) {
        if (found == null || isLease(found)) {
            return null;
        }
        CacheResult<V> hit;
        if (found.length == ABSENT.length && found[0] == ABSENT[0]) {
            hit = new CacheResult<>(Optional.empty(), CacheOutcome.HIT);
        }
        else {
            try {
                hit = new CacheResult<>(Optional.of(codec.decode(found)), CacheOutcome.HIT);
            }
            catch (RuntimeException e) {
                log.warn("Cache '{}': unreadable entry under {} ({}); reloading and overwriting it", settings.name(),
                        key, e.getClass().getSimpleName() + ": " + e.getMessage());
                return null;
            }
        }
        events.outcome(CacheOutcome.HIT);
        return hit;
    }

    private byte[] newLease() {
        byte[] lease = new byte[LEASE_LENGTH];
        lease[0] = LEASE_MARK;
        System.arraycopy(entropy.leaseToken(), 0, lease, 1, LEASE_LENGTH - 1);
        return lease;
    }

    /** Whether {@code stored} is a lease rather than a value. */
    public static boolean isLease(byte[] stored) {
        return stored.length == LEASE_LENGTH && stored[0] == LEASE_MARK;
    }

    private Duration jittered(Duration ttl) {
        double spread = settings.jitter() * (2 * entropy.unit() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(ttl.toMillis() * (1 + spread))));
    }

    /**
     * What a lookup found: {@code asked} is false when the store was not asked (then the
     * read bypasses it); {@code hit} is the usable value found, or null.
     */
    public record Lookup<V>(String key, ValueCodec<V> codec, boolean asked, byte[] found, CacheResult<V> hit,
            long sentAt) {

        public boolean isHit() {
            return hit != null;
        }

        Read<V> hitAsRead() {
            return new Read<>(hit, sentAt);
        }

    }

    /**
     * What a miss does next: served (another process's value arrived), write over
     * {@code expected} (its lease, or an unreadable entry), or load alone.
     */
    private record Turn<V>(Read<V> served, byte[] expected) {

        static <V> Turn<V> served(Read<V> read) {
            return new Turn<>(read, null);
        }

        static <V> Turn<V> writeOver(byte[] expected) {
            return new Turn<>(null, expected);
        }

        static <V> Turn<V> loadAlone() {
            return new Turn<>(null, null);
        }

    }

}
