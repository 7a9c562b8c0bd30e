package dev.bindery.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method (or every public method of the annotated class) with bind {@code value} as the current
 * bind, like {@code usingBind} and {@code BindContext.use}: its transactions and statements go to that bind. A method's
 * annotation wins over its class's. Put it outside the transaction ({@code @UseBind} on a method that is itself
 * {@code @Transactional}, or on its caller): inside a transaction already routed to another bind it raises
 * {@code BindSwitchException}, because a transaction never changes bind.
 *
 * <pre>{@code
 * @UseBind("analytics")
 * @Transactional(readOnly = true)
 * public long countEvents() { ... }      // on the bind "analytics"
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface UseBind {
    /** The bind key. */
    String value();
}
