package dev.userfunctions.cache;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.Objects;

/** Compact JSON through Jackson; works for records and plain classes. */
public final class JsonValueCodec<V> implements ValueCodec<V> {

    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder().build();

    private final ObjectMapper mapper;

    private final Class<V> type;

    private JsonValueCodec(ObjectMapper mapper, Class<V> type) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = Objects.requireNonNull(type, "type");
    }

    public static <V> JsonValueCodec<V> of(Class<V> type) {
        return new JsonValueCodec<>(DEFAULT_MAPPER, type);
    }

    public static <V> JsonValueCodec<V> of(ObjectMapper mapper, Class<V> type) {
        return new JsonValueCodec<>(mapper, type);
    }

    @Override
    public byte[] encode(V value) {
        return mapper.writeValueAsBytes(value);
    }

    @Override
    public V decode(byte[] bytes) {
        V value = mapper.readValue(bytes, type);
        if (value == null) {
            throw new IllegalArgumentException("Cached JSON is null");
        }
        return value;
    }

}
