package dev.bindery.example.spring.probe;

import dev.bindery.spring.UseBind;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The starter's pin: {@code @UseBind}, the Spring form of {@code usingBind}. */
@Component
@ConditionalOnProperty(name = "example.setup", havingValue = "starter", matchIfMissing = true)
public class StarterReplicaPin implements ReplicaPin {

    // tag::use-bind[]
    @Override
    @UseBind("replica-1")
    public <T> T onReplica(Supplier<T> work) {
        return work.get();                    // its transactions and statements, and @Async work it starts: replica-1
    }
    // end::use-bind[]
}
