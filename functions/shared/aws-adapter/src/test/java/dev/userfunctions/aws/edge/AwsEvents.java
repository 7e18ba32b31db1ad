package dev.userfunctions.aws.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * AWS's own sample events (aws-sam-cli's, aws-lambda-java-libs' and aws-lambda-go's test
 * events, captures from live AWS), copied verbatim into {@code /aws-events/}; its
 * README.md names each one's source and commit.
 */
final class AwsEvents {

    private AwsEvents() {
    }

    static byte[] bytes(String file) {
        try (InputStream in = AwsEvents.class.getResourceAsStream("/aws-events/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("No sample event " + file);
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
