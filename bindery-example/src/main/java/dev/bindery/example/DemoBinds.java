package dev.bindery.example;

import dev.bindery.Binds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the demo's binds come from, in this order: a properties file named by {@code -Dbindery.config=FILE} or
 * {@code BINDERY_CONFIG} (environment variables still override it); else the environment when {@code BINDERY_URL} is
 * set; else the embedded default, H2 in memory with a {@code default} and a {@code replica} bind sharing one database.
 *
 * @param binds       the binds
 * @param description where they came from, for the start-up line
 */
record DemoBinds(Binds binds, String description) {
    /** The embedded database's URL: one in-memory H2 database kept while the JVM runs. */
    static final String EMBEDDED_URL = "jdbc:h2:mem:bindery-todos;DB_CLOSE_DELAY=-1";

    static DemoBinds load(Map<String, String> env, Properties system) {
        String file = system.getProperty("bindery.config", env.get("BINDERY_CONFIG"));
        if (file != null && !file.isBlank()) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the bind configuration " + file
                        + "; point -Dbindery.config or BINDERY_CONFIG at a readable properties file", e);
            }
            return new DemoBinds(Binds.fromProperties(p, env), "binds from " + file);
        }
        if (env.get("BINDERY_URL") != null) {
            return new DemoBinds(Binds.fromProperties(new Properties(), env), "binds from the environment");
        }
        return new DemoBinds(embedded(EMBEDDED_URL), "embedded H2 in memory (default + replica)");
    }

    /** A {@code default} and a {@code replica} bind sharing one H2 database, as quart-sqlalchemy's routing session shares one SQLite database. */
    static Binds embedded(String url) {
        return Binds.builder()
                .bind(Binds.DEFAULT, url)
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .build();
    }
}
