package dev.userfunctions.aws.secrets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of a secret in AWS Secrets Manager; its region is where the secret is read
 * from, whatever region the function runs in.
 */
record SecretArn(String value, String region) {

    private static final Pattern ARN = Pattern
        .compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+");

    static SecretArn parse(String variable, String value) {
        Matcher arn = ARN.matcher(value.strip());
        if (!arn.matches()) {
            throw new IllegalArgumentException(variable + " must be a Secrets Manager secret ARN, "
                    + "arn:aws:secretsmanager:<region>:<account>:secret:<name>, was '" + value + "'");
        }
        return new SecretArn(arn.group(0), arn.group(1));
    }

    @Override
    public String toString() {
        return value;
    }

}
