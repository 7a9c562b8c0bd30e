package dev.bindery.test;

import dev.bindery.test.internal.PostgresClusterExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real PostgreSQL primary with streaming replicas. The cluster is started once per JVM
 * (per replica count) and shared; the class gets a fresh database, created before its first test and dropped after
 * its last. Test methods, constructors and lifecycle methods may declare a {@link ReplicatedDatabase} parameter.
 *
 * <pre>{@code
 * @PostgresReplication(replicas = 2)
 * class OrdersTest {
 *     @Test
 *     void readsFromAReplica(ReplicatedDatabase cluster) throws Exception { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresClusterExtension.class)
public @interface PostgresReplication {

    /** The number of streaming replicas (default 2). */
    int replicas() default 2;

    /**
     * When true, the class gets a cluster of its own, stopped after its last test, instead of the shared one. Use it
     * for tests that leave the cluster broken on purpose. Shared clusters are healed (nodes started, replay resumed)
     * before each class anyway.
     */
    boolean isolated() default false;
}
