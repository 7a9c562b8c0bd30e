/**
 * Hibernate ORM 7 on top of Bindery's binds: {@link dev.bindery.hibernate.Database} (the application's {@code db}
 * object), {@link dev.bindery.hibernate.BindKey} on entities, schema operations per bind, and the
 * {@link dev.bindery.hibernate.RoutingSession}, which asks bindery-core's router where each operation goes.
 */
package dev.bindery.hibernate;
