package dev.userfunctions.cache.lease;

/**
 * What a key may hold besides a value: "known absent" (a NUL byte) or a lease (the byte 1
 * and a 16-byte token). Values are the codec's JSON, which never starts with either byte,
 * so the three cannot be mistaken for one another.
 */
final class Entries {

    private static final byte ABSENT_MARK = 0;

    private static final byte LEASE_MARK = 1;

    private static final int TOKEN_LENGTH = 16;

    private Entries() {
    }

    static byte[] absent() {
        return new byte[] { ABSENT_MARK };
    }

    static boolean isAbsent(byte[] stored) {
        return stored.length == 1 && stored[0] == ABSENT_MARK;
    }

    /** A lease with {@code token}, 16 bytes drawn for this miss alone. */
    static byte[] lease(byte[] token) {
        byte[] lease = new byte[1 + TOKEN_LENGTH];
        lease[0] = LEASE_MARK;
        System.arraycopy(token, 0, lease, 1, TOKEN_LENGTH);
        return lease;
    }

    static boolean isLease(byte[] stored) {
        return stored.length == 1 + TOKEN_LENGTH && stored[0] == LEASE_MARK;
    }

}
