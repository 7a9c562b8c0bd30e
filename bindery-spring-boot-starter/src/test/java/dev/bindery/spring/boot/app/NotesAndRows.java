package dev.bindery.spring.boot.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/** One Spring transaction that works through a Spring Data repository and through {@code JdbcTemplate}. */
@Service
public class NotesAndRows {
    private final NoteRepository notes;
    private final JdbcTemplate jdbc;

    public NotesAndRows(NoteRepository notes, JdbcTemplate jdbc) {
        this.notes = notes;
        this.jdbc = jdbc;
    }

    /** Saves a note through the repository and an audit row through {@code JdbcTemplate}. */
    @Transactional
    public void saveBoth(String text) {
        notes.saveAndFlush(new Note(text));
        jdbc.update("insert into audit_entry (action) values (?)", text);
    }

    /** As {@link #saveBoth}, then throws: nothing of it is meant to stay. */
    @Transactional
    public void saveBothThenFail(String text) {
        saveBoth(text);
        throw new IllegalStateException("after both writes");
    }

    /** The database {@code JdbcTemplate} reads and the notes the repository reads, in one read-only transaction. */
    @Transactional(readOnly = true)
    public Seen readBoth() {
        return new Seen(jdbc.queryForObject("select name from whoami", String.class),
                notes.findAll().stream().map(Note::getText).toList());
    }

    /** What {@link #readBoth} saw. */
    public record Seen(String database, List<String> notes) {
    }
}
