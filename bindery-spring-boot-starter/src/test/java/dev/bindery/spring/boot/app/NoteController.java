package dev.bindery.spring.boot.app;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Plain Spring MVC over the repository: no Bindery code. */
@RestController
public class NoteController {
    private final NoteRepository notes;
    private final NoteEdits edits;

    public NoteController(NoteRepository notes, NoteEdits edits) {
        this.notes = notes;
        this.edits = edits;
    }

    /** Reads a note with open-in-view, then changes it in a read-only transaction of the same request. */
    @PostMapping("/notes/{id}/read-then-rename-while-reading")
    public String readThenRenameWhileReading(@PathVariable long id, @RequestBody String text) {
        String before = notes.findById(id).map(Note::getText).orElse("none");
        edits.renameWhileReading(id, text);
        return before;
    }

    @PostMapping("/notes")
    public Map<String, Object> create(@RequestBody String text) {
        return Map.of("id", notes.save(new Note(text)).getId());
    }

    @GetMapping("/notes/{id}")
    public ResponseEntity<String> find(@PathVariable long id) {
        return notes.findById(id).map(n -> ResponseEntity.ok(n.getText())).orElse(ResponseEntity.notFound().build());
    }

    /** A read, then a write, in one request: with open-in-view both share the request's EntityManager. */
    @PostMapping("/notes/after-count")
    public Map<String, Object> countThenCreate(@RequestBody String text) {
        long before = notes.count();
        return Map.of("before", before, "id", notes.save(new Note(text)).getId());
    }
    /** A read, a write and a read again, each its own repository transaction, in one request. */
    @PostMapping("/notes/count-create-find")
    public Map<String, Object> countCreateFind(@RequestBody String text) {
        long before = notes.count();
        long id = notes.save(new Note(text)).getId();
        return Map.of("before", before, "id", id, "found", notes.findById(id).map(Note::getText).orElse("none"));
    }

    /** A write, then the text of a lazy reference loaded in the view (outside any transaction) in the same request. */
    @PostMapping("/notes/{id}/create-then-lazy-text")
    public String createThenLazyText(@PathVariable long id, @RequestBody String text) {
        notes.save(new Note(text));
        return notes.getReferenceById(id).getText();
    }

    /** The text of a lazy reference, read after the repository's transaction ended: only open-in-view can load it. */
    @GetMapping("/notes/{id}/lazy-text")
    public String lazyText(@PathVariable long id) {
        return notes.getReferenceById(id).getText();
    }
}
