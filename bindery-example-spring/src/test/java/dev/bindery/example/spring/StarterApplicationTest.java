package dev.bindery.example.spring;

import dev.bindery.Binds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application with the Bindery starter, on a random port, configured by {@code bindery.*} properties only
 * ({@link ExampleDatabases#starterProperties()}). Every test class that extends this shares one Spring context.
 */
@SpringBootTest(classes = ExampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class StarterApplicationTest {
    static final ExampleDatabases DB = ExampleDatabases.get();

    @LocalServerPort
    int port;

    @Autowired
    Binds binds;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        DB.starterProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** A new client (its own cookie jar) of the starter's application. */
    HttpJson starterClient() {
        return new HttpJson(port);
    }

    /** Waits (up to 30 s) until every bind is UP, e.g. a replica that an earlier test stopped is readmitted. */
    void awaitAllServing() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (binds.status().stream().anyMatch(s -> s.state() != dev.bindery.status.BindState.UP)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("binds not all UP after 30 s: " + binds.status());
            }
            HandWrittenRoutingPitfallsTest.sleep(50);
        }
    }
}
