package com.example.library;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The library's own code and persistence.xml never name Bindery: routing comes from configuration alone. */
class LibraryCodeKnowsNothingOfBinderyTest {

    @Test
    void noMainSourceNamesBindery() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            List<Path> naming = files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f).contains("bindery");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(naming).isEmpty();
        }
    }
}
