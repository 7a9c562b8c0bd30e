package dev.bindery.test;

import dev.bindery.test.internal.MariaDbReplicationExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a private MariaDB primary with GTID replicas ({@link MariaDbCluster}), started from the
 * machine's {@code mariadbd} before the class and stopped after it. Test methods, constructors and lifecycle methods
 * may declare a {@link MariaDbCluster} parameter, or a {@link dev.bindery.Binds} one built by
 * {@link MariaDbCluster#binds()} and closed after the class. When {@code mariadbd} is not installed, the class is
 * skipped with a message saying how to install it, or fails when the environment variable {@code CI} is {@code true}.
 * Needs {@code org.mariadb.jdbc:mariadb-java-client} on the test class path.
 *
 * <pre>{@code
 * @MariaDbReplication(replicas = 1)
 * class OrdersTest {
 *     @Test
 *     void readsFromTheReplica(MariaDbCluster db, Binds binds) throws Exception { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MariaDbReplicationExtension.class)
public @interface MariaDbReplication {

    /** The number of replicas, 1 to 8 (default 1). */
    int replicas() default 1;
}
