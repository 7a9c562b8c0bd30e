package dev.bindery.javalin.internal;

import dev.bindery.javalin.RollbackRule;

/**
 * How requests end and what they tell the client: the rollback rule, the read-your-writes cookie (null when off),
 * and the response header that names the binds that served the request (null when off).
 */
public record LifecycleSettings(RollbackRule rollbackRule, ReadYourWritesCookie readYourWrites, String bindHeader) {
}
