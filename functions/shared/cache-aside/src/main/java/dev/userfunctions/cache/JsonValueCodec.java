package dev.userfunctions.cache;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.util.Objects;

/**
 * Compact JSON through Jackson; works for records and plain classes. The reader and the
 * writer for the type are prepared once: looking them up per call was a measurable part
 * of a hit (docs/BENCHMARKS.md, section 1).
 */
public final class JsonValueCodec<V> implements ValueCodec<V> {

    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.shared();

    private final ObjectReader reader;

    private final ObjectWriter writer;

    private JsonValueCodec(ObjectMapper mapper, Class<V> type) {
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(type, "type");
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    public static <V> JsonValueCodec<V> of(Class<V> type) {
        return new JsonValueCodec<>(DEFAULT_MAPPER, type);
    }

    public static <V> JsonValueCodec<V> of(ObjectMapper mapper, Class<V> type) {
        return new JsonValueCodec<>(mapper, type);
    }

    @Override
    public byte[] encode(V value) {
        return writer.writeValueAsBytes(value);
    }

    @Override
    public V decode(byte[] bytes) {
        V value = reader.readValue(bytes);
        if (value == null) {
            throw new IllegalArgumentException("Cached JSON is null");
        }
        return value;
    }

}
