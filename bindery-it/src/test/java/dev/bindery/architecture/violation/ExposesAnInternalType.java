package dev.bindery.architecture.violation;

import dev.bindery.architecture.violation.internal.Hidden;

/** A deliberate violation for the rules' own test: a public method that returns a type of an internal package. */
public final class ExposesAnInternalType {
    public Hidden hidden() {
        return new Hidden();
    }
}
