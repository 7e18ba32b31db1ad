package dev.userfunctions.seedusers;

import dev.userfunctions.answers.InvalidRequestException;
import dev.userfunctions.users.UserNames;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A seeding request, {@code {"count", "prefix", "start"}}, all optional (defaults 1000,
 * "ly", 0: the original data set). Parsed strictly: anything but a JSON object, unknown
 * or duplicate fields, wrong types, fractions and out-of-range numbers are refused with a
 * 400 that says which field and why.
 */
public record SeedRequest(int count, String prefix, long start) {

    public static final int DEFAULT_COUNT = 1000;

    public static final String DEFAULT_PREFIX = "ly";

    /**
     * The most users one call may seed; larger data sets take several calls with
     * different starts.
     */
    public static final int MAX_COUNT = 100_000;

    /** Names stay short: {@code start + count} may not exceed a billion. */
    public static final long MAX_END = 1_000_000_000L;

    private static final Set<String> FIELDS = Set.of("count", "prefix", "start");

    /** Jackson's shared mapper, refusing duplicate fields. */
    private static final ObjectReader STRICT = JsonMapper.shared()
        .reader()
        .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    public static SeedRequest parse(byte[] body) {
        return parse(body == null ? null : new String(body, StandardCharsets.UTF_8));
    }

    public static SeedRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new SeedRequest(DEFAULT_COUNT, DEFAULT_PREFIX, 0);
        }
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        }
        catch (JacksonException e) {
            throw new InvalidRequestException("Body is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new InvalidRequestException(
                    "Body must be a JSON object like {\"count\": 1000, \"prefix\": \"ly\", \"start\": 0}");
        }
        Set<String> unknown = json.propertyNames()
            .stream()
            .filter(name -> !FIELDS.contains(name))
            .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("Unknown field(s) " + unknown + "; allowed: count, prefix, start");
        }
        int count = (int) integer(json.get("count"), "count", 1, MAX_COUNT, DEFAULT_COUNT);
        long start = integer(json.get("start"), "start", 0, MAX_END - 1, 0);
        String prefix = text(json.get("prefix"), "prefix", DEFAULT_PREFIX);
        if (start + count > MAX_END) {
            throw new InvalidRequestException(
                    "start + count must not exceed " + MAX_END + " (was " + (start + count) + ")");
        }
        return new SeedRequest(count, UserNames.requireValidPrefix(prefix), start);
    }

    private static long integer(JsonNode node, String field, long min, long max, long defaultValue) {
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new InvalidRequestException(field + " must be an integer from " + min + " to " + max + " (was "
                    + abbreviate(node.toString()) + ")");
        }
        return node.asLong();
    }

    private static String text(JsonNode node, String field, String defaultValue) {
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isString()) {
            throw new InvalidRequestException(field + " must be a string (was " + abbreviate(node.toString()) + ")");
        }
        return node.asString();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
