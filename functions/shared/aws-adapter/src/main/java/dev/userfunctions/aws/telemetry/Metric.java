package dev.userfunctions.aws.telemetry;

/**
 * The metrics written on Lambda, in the order they appear in a document: each name and
 * unit written once here. template.yaml's alarms and the README's table name some of
 * them; renaming one breaks its alarm.
 */
enum Metric {

    /** Reads by outcome (dimension {@code outcome}: HIT, MISS, BYPASS). */
    CACHE_GETS("CacheGets", Unit.COUNT),

    /** The loader's time on a miss or a bypass, one value per load. */
    MONGODB_LOAD_TIME("MongoDbLoadTime", Unit.MILLISECONDS),

    /** Failed Redis reads, write-backs, and invalidations with failed keys. */
    REDIS_ERRORS("RedisErrors", Unit.COUNT),

    /** Keys an invalidation could not delete. */
    INVALIDATION_FAILURES("InvalidationFailures", Unit.COUNT),

    /** A master's breaker changed state (dimensions {@code node} and {@code state}). */
    BREAKER_TRANSITIONS("BreakerTransitions", Unit.COUNT),

    /** Users a seed inserted or found already there. */
    SEEDED_USERS("SeededUsers", Unit.COUNT),

    /** 503 answers: MongoDB could not be reached. */
    MONGODB_UNAVAILABLE("MongoDbUnavailable", Unit.COUNT),

    /** 500 answers. */
    INTERNAL_ERRORS("InternalErrors", Unit.COUNT);

    /** CloudWatch's unit names, as EMF spells them. */
    enum Unit {

        COUNT("Count"), MILLISECONDS("Milliseconds");

        final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

    }

    final String cloudWatchName;

    final Unit unit;

    Metric(String cloudWatchName, Unit unit) {
        this.cloudWatchName = cloudWatchName;
        this.unit = unit;
    }

}
