package dev.bindery.architecture.violation.internal;

/** An internal type, for the rules' own test. */
public final class Hidden {
}
