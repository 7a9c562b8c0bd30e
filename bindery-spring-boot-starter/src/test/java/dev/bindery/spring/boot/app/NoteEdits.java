package dev.bindery.spring.boot.app;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes a managed note through the repository, in a read-only and in a read-write transaction. */
@Service
public class NoteEdits {
    private final NoteRepository notes;

    public NoteEdits(NoteRepository notes) {
        this.notes = notes;
    }

    // tag::read-only-change[]
    @Transactional(readOnly = true)             // on a replica: the change is refused at commit, nothing is written
    public void renameWhileReading(long id, String text) {
        notes.findById(id).orElseThrow().setText(text);
    }

    @Transactional                              // on the primary: the change is written at commit
    public void rename(long id, String text) {
        notes.findById(id).orElseThrow().setText(text);
    }
    // end::read-only-change[]
}
