package dev.bindery.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The test application: Spring Data JPA on the default group, configured by the starter alone. */
@SpringBootApplication
@org.springframework.scheduling.annotation.EnableAsync
public class NoteApplication {
}
