package dev.bindery.architecture.violation;

import dev.bindery.ReplicaWriteException;

/** A deliberate violation for the rules' own test: a module that refuses a write itself instead of asking the router. */
public final class BuildsItsOwnRefusal {
    private BuildsItsOwnRefusal() {
    }

    static RuntimeException refuse(String bind) {
        return new ReplicaWriteException("Refused a write on '" + bind + "'");
    }
}
