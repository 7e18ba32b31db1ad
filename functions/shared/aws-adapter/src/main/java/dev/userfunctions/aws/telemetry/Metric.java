package dev.userfunctions.aws.telemetry;

import tools.jackson.core.io.SerializedString;

import java.util.List;

/**
 * The metrics written on Lambda, in the order they appear in a document: each name and
 * unit written once here. template.yaml's alarms and the README's table name some of
 * them; renaming one breaks its alarm.
 */
enum Metric {

    /** Reads by outcome (dimension {@code outcome}: HIT, MISS, BYPASS). */
    CACHE_GETS("CacheGets", "Count"),

    /** The loader's time on a miss or a bypass, one value per load. */
    MONGODB_LOAD_TIME("MongoDbLoadTime", "Milliseconds"),

    /** Failed Redis reads, write-backs, and invalidations with failed keys. */
    REDIS_ERRORS("RedisErrors", "Count"),

    /** Keys an invalidation could not delete. */
    INVALIDATION_FAILURES("InvalidationFailures", "Count"),

    /** A master's breaker changed state (dimensions {@code node} and {@code state}). */
    BREAKER_TRANSITIONS("BreakerTransitions", "Count"),

    /** Users a seed inserted or found already there. */
    SEEDED_USERS("SeededUsers", "Count"),

    /** 503 answers: MongoDB could not be reached. */
    MONGODB_UNAVAILABLE("MongoDbUnavailable", "Count"),

    /** 500 answers. */
    INTERNAL_ERRORS("InternalErrors", "Count");

    /** All of them, in order: made once, not on every document. */
    static final List<Metric> ALL = List.of(values());

    final String cloudWatchName;

    /** Its entry in a document's {@code _aws} block (unit as EMF spells it), as JSON. */
    final SerializedString definition;

    Metric(String cloudWatchName, String unit) {
        this.cloudWatchName = cloudWatchName;
        this.definition = new SerializedString("{\"Name\":\"" + cloudWatchName + "\",\"Unit\":\"" + unit + "\"}");
    }

}
