package dev.bindery.example.spring.probe;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A write where none belongs: JdbcTemplate inserts a note inside a read-only Spring transaction. */
@Service
public class ReadOnlyNoteWriter {
    private final JdbcTemplate jdbc;

    public ReadOnlyNoteWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a note titled {@code title} in a read-only transaction (routed to a replica by the starter). */
    @Transactional(readOnly = true)
    public int insertNote(String title) {
        return jdbc.update("INSERT INTO note (title) VALUES (?)", title);
    }
}
