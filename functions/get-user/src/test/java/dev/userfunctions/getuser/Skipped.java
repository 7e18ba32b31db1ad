package dev.userfunctions.getuser;

/**
 * Says on the console why a test is skipped (surefire shows the reason only in its XML
 * report).
 */
final class Skipped {

    private Skipped() {
    }

    static String because(String reason) {
        System.out.println("SKIPPED: " + reason);
        return reason;
    }

}
