package dev.bindery.test;

import dev.bindery.test.internal.PatroniExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Patroni cluster: three PostgreSQL members managed by Patroni over one etcd, all
 * from the machine's packages ({@link PatroniCluster}). The cluster is started once per JVM and shared; before each
 * class it is healed (killed members started, one leader, replicas streaming) and the class gets a fresh database,
 * dropped after its last test. Test methods, constructors and lifecycle methods may declare a {@link PatroniCluster}
 * parameter, which is a view on that database. When Patroni, etcd or the PostgreSQL binaries are missing, the class
 * is skipped with a message saying how to install them, or fails when the environment variable {@code CI} is
 * {@code true}.
 *
 * <pre>{@code
 * @PatroniReplication
 * class SwitchoverTest {
 *     @Test
 *     void writesFollowTheLeader(PatroniCluster cluster) throws Exception { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PatroniExtension.class)
public @interface PatroniReplication {
}
