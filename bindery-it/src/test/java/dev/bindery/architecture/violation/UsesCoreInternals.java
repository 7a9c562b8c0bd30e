package dev.bindery.architecture.violation;

/** A deliberate violation for the rules' own test: a class outside core that calls core's internal package. */
public final class UsesCoreInternals {
    private UsesCoreInternals() {
    }

    static String internalName() {
        return dev.bindery.internal.Secrets.class.getName();
    }
}
