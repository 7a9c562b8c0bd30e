package dev.bindery.javalin.internal;

import dev.bindery.hibernate.Database;
import dev.bindery.javalin.SessionMode;

/** One database registered under a request key, with the mode that says when its session is available. */
public record Registration(String key, Database database, SessionMode mode) {
}
