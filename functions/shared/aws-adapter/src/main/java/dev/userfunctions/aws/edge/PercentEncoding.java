package dev.userfunctions.aws.edge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of a URI path segment as RFC 3986 defines it: each {@code %XX} is one
 * byte and the bytes are UTF-8; everything else is itself ({@code +} is a plus, not a
 * space, unlike {@code URLDecoder}'s form decoding). A malformed escape or bytes that are
 * not UTF-8 are refused.
 */
final class PercentEncoding {

    private PercentEncoding() {
    }

    /**
     * {@code value} decoded once.
     * @throws BadEventException naming {@code what}, for a malformed escape or invalid
     * UTF-8
     */
    static String decode(String value, String what) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != '%') {
                int codePoint = value.codePointAt(i);
                if (Character.charCount(codePoint) == 1 && Character.isSurrogate(value.charAt(i))) {
                    throw new BadEventException(what + " holds a lone UTF-16 surrogate");
                }
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
                continue;
            }
            int high = i + 2 < value.length() ? hexDigit(value.charAt(i + 1)) : -1;
            int low = high >= 0 ? hexDigit(value.charAt(i + 2)) : -1;
            if (low < 0) {
                throw new BadEventException(what + " has a malformed percent-escape at character " + (i + 1)
                        + " (expected % and two hexadecimal digits)");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
        }
        catch (CharacterCodingException e) {
            throw new BadEventException(what + " is not percent-encoded UTF-8");
        }
    }

    /**
     * RFC 3986's HEXDIG: ASCII only ({@code Character.digit} takes other scripts'
     * digits).
     */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

}
