package dev.bindery.test;

import dev.bindery.test.internal.RollbackEachTestExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a {@link TestTransaction} (as a parameter of the test method or of {@code @BeforeEach}/
 * {@code @AfterEach} methods) and rolls it back after the test, whether it passed or failed.
 *
 * <pre>{@code
 * @RollbackEachTest
 * class RepositoryTest {
 *     @Test
 *     void savesAnOrder(TestTransaction tx) {
 *         DataSource ds = tx.wrap(dataSource);
 *         ...
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RollbackEachTestExtension.class)
public @interface RollbackEachTest {
}
