package dev.bindery.hibernate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity as resident data: it is read and written only on binds of the session's current region, and
 * refused before any SQL otherwise ({@code ResidencyViolationException}, {@code ResidencyRequiredException}).
 * Inherited by subclasses.
 *
 * <pre>{@code
 * @Entity @Resident(regionAttribute = "region")
 * class Customer { @Id Long id; String region; ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Resident {
    /**
     * The field that holds each row's region, or empty. When set, a persist or merge whose value disagrees with the
     * session's region is refused.
     */
    String regionAttribute() default "";
}
