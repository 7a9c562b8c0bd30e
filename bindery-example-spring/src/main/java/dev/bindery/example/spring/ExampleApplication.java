package dev.bindery.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A notes service on Spring Data JPA: notes in the default group (a PostgreSQL primary and its replicas), audit entries
 * in a second group ({@code @BindKey("audit")}). Its repositories and controllers are plain Spring; the Bindery starter
 * routes their work by configuration alone.
 */
@SpringBootApplication
@EnableAsync
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
