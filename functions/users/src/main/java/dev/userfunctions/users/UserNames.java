package dev.userfunctions.users;

import java.util.regex.Pattern;

/**
 * What a user name may be: 1 to 64 characters of letters and digits (any script, with
 * their combining marks), space, and {@code . _ - '}, not starting or ending with a
 * space. Everything else is refused with a 400: control characters, braces, quotes,
 * {@code $}, slashes, operators. Names are only ever compared for equality as strings, so
 * even an accepted name cannot become a query operator; the rule keeps keys, logs and
 * URLs readable.
 */
public final class UserNames {

    public static final int MAX_LENGTH = 64;

    public static final int MAX_PREFIX_LENGTH = 32;

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\p{Nd} ._'-]*");

    private UserNames() {
    }

    /**
     * Returns {@code name} if it is valid, else throws {@link InvalidRequestException}
     * saying why.
     */
    public static String requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("name is required");
        }
        checkCharacters(name, "name");
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            throw new InvalidRequestException("name is longer than " + MAX_LENGTH + " characters (" + length + ")");
        }
        if (name.startsWith(" ") || name.endsWith(" ")) {
            throw new InvalidRequestException("name must not start or end with a space");
        }
        return name;
    }

    /** A seed prefix: the same alphabet, at most 32 characters, may be empty. */
    public static String requireValidPrefix(String prefix) {
        checkCharacters(prefix, "prefix");
        int length = prefix.codePointCount(0, prefix.length());
        if (length > MAX_PREFIX_LENGTH) {
            throw new InvalidRequestException(
                    "prefix is longer than " + MAX_PREFIX_LENGTH + " characters (" + length + ")");
        }
        if (prefix.startsWith(" ")) {
            throw new InvalidRequestException("prefix must not start with a space");
        }
        return prefix;
    }

    private static void checkCharacters(String value, String what) {
        if (value.length() > 4 * MAX_LENGTH) {
            throw new InvalidRequestException(
                    what + " is longer than " + MAX_LENGTH + " characters (" + value.length() + ")");
        }
        if (!ALLOWED.matcher(value).matches()) {
            int bad = value.codePoints()
                .filter(c -> !ALLOWED.matcher(new String(Character.toChars(c))).matches())
                .findFirst()
                .orElse('?');
            throw new InvalidRequestException(what + " may contain only letters, digits, spaces and . _ - ' (found "
                    + (Character.isISOControl(bad) || Character.isWhitespace(bad) ? String.format("U+%04X", bad)
                            : "'" + new String(Character.toChars(bad)) + "'")
                    + ")");
        }
    }

}
