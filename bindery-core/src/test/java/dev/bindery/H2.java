package dev.bindery;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique in-memory H2 URLs, so test classes never share a database by accident. */
final class H2 {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private H2() {
    }

    /** A new in-memory database that lives until the JVM exits; binds that share the URL share the data. */
    static String url(String name) {
        return "jdbc:h2:mem:" + name + "-" + SEQ.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }
}
