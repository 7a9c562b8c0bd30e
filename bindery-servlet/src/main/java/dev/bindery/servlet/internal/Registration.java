package dev.bindery.servlet.internal;

import dev.bindery.hibernate.Database;
import dev.bindery.servlet.SessionAvailability;

/** One database registered under a request key, with when its session is available. */
public record Registration(String key, Database database, SessionAvailability availability) {
}
