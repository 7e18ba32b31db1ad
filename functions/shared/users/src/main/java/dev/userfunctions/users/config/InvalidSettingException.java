package dev.userfunctions.users.config;

/**
 * A setting whose value is not allowed, named by its environment variable.
 * {@link SettingsFailureAnalyzer} turns it into the one-line reason a failed start gives.
 * Secrets and connection strings are never echoed.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String variable;

    public InvalidSettingException(String variable, Object value, String allowed) {
        super(variable + "=" + value + " is not allowed: " + allowed);
        this.variable = variable;
    }

    /** For values that must not appear in logs (passwords, URIs with credentials). */
    public static InvalidSettingException hidingValue(String variable, String allowed, Throwable cause) {
        InvalidSettingException e = new InvalidSettingException(variable, "(value not shown)", allowed);
        e.initCause(cause);
        return e;
    }

    public String variable() {
        return variable;
    }

}
