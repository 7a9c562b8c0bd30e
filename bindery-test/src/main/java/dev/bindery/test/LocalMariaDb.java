package dev.bindery.test;

import dev.bindery.test.internal.MariaDbExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a fresh database on the local MariaDB server (127.0.0.1:3306, user root, empty password),
 * dropped after the class. Methods may declare a {@link MariaDbDatabase} parameter. When no server answers, the class is
 * skipped with a message saying how to start one, or fails when the environment variable {@code CI} is
 * {@code true}. Needs {@code org.mariadb.jdbc:mariadb-java-client} on the test class path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MariaDbExtension.class)
public @interface LocalMariaDb {
}
