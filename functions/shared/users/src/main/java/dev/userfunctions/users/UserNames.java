package dev.userfunctions.users;

import dev.userfunctions.answers.InvalidRequestException;

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
        checkLength(name, "name", MAX_LENGTH);
        checkCharacters(name, "name");
        if (name.startsWith(" ") || name.endsWith(" ")) {
            throw new InvalidRequestException("name must not start or end with a space");
        }
        return name;
    }

    /** A seed prefix: the same alphabet, at most 32 characters, may be empty. */
    public static String requireValidPrefix(String prefix) {
        checkLength(prefix, "prefix", MAX_PREFIX_LENGTH);
        checkCharacters(prefix, "prefix");
        if (prefix.startsWith(" ")) {
            throw new InvalidRequestException("prefix must not start with a space");
        }
        return prefix;
    }

    /** Characters are Unicode code points, as users count them, not UTF-16 units. */
    private static void checkLength(String value, String what, int max) {
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new InvalidRequestException(what + " is longer than " + max + " characters (" + length + ")");
        }
    }

    private static void checkCharacters(String value, String what) {
        int bad = firstNotAllowed(value);
        if (bad >= 0) {
            throw new InvalidRequestException(what + " may contain only letters, digits, spaces and . _ - ' (found "
                    + (Character.isISOControl(bad) || Character.isWhitespace(bad) ? String.format("U+%04X", bad)
                            : "'" + new String(Character.toChars(bad)) + "'")
                    + ")");
        }
    }

    /**
     * The first code point outside the alphabet, or -1: letters ({@code \p{L}}), marks
     * ({@code \p{M}}), decimal digits ({@code \p{Nd}}), space and {@code . _ ' -}. A loop
     * rather than a regular expression: it runs on every getUser.
     */
    private static int firstNotAllowed(String value) {
        for (int i = 0; i < value.length();) {
            int c = value.codePointAt(i);
            if (!allowed(c)) {
                return c;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    private static boolean allowed(int c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '.'
                    || c == '_' || c == '\'' || c == '-';
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER ->
                true;
            default -> false;
        };
    }

}
