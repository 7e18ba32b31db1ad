package dev.userfunctions.aws.secrets;

/** Reads a secret's text; AWS Secrets Manager in production, a map in unit tests. */
@FunctionalInterface
interface SecretReader {

    /**
     * The secret's current text; a {@link SecretUnavailableException} naming the secret
     * (never its value) when it cannot be read.
     */
    String read(SecretArn arn);

}
