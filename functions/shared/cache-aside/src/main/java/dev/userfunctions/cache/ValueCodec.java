package dev.userfunctions.cache;

/**
 * Turns cached values into bytes and back. {@link #decode} throws on bytes it cannot
 * read.
 */
public interface ValueCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);

}
