package dev.bindery.hibernate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts an entity in a bind group, the counterpart of Flask-SQLAlchemy's {@code __bind_key__}. Subclasses inherit it
 * and may override it; it may sit on a {@code @MappedSuperclass}. An entity without it belongs to
 * {@link dev.bindery.Binds#DEFAULT}. {@link Database.Builder#build()} throws {@link EntityBindingException} when the
 * key is not a bind of the {@link dev.bindery.Binds}, or names a replica.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BindKey {
    /** The key of the group's primary bind. */
    String value();
}
