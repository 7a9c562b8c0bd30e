package dev.bindery.example.spring.probe;

import java.util.function.Supplier;

/**
 * Pins work to the node {@code replica-1}, the way each setup does it: the recipe sets its thread-local routing key,
 * the starter runs the work under {@code @UseBind("replica-1")}.
 */
public interface ReplicaPin {

    /** Runs {@code work} pinned to replica-1. */
    <T> T onReplica(Supplier<T> work);
}
