package dev.bindery.example.spring.notes;

import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /notes} writes on the primary; {@code GET /notes/{id}} reads on a replica that has the write. */
@RestController
@RequestMapping("/notes")
public class NoteController {

    private final NoteRepository notes;

    public NoteController(NoteRepository notes) {
        this.notes = notes;
    }

    /** A note as JSON. */
    public record NoteView(long id, String title) {
        static NoteView of(Note note) {
            return new NoteView(note.getId(), note.getTitle());
        }
    }

    @PostMapping
    public ResponseEntity<NoteView> create(@RequestBody Map<String, String> body) {
        String title = body.get("title");
        if (title == null || title.isBlank() || title.length() > Note.MAX_TITLE) {
            return ResponseEntity.badRequest().build();
        }
        Note note = notes.save(new Note(title));
        return ResponseEntity.created(URI.create("/notes/" + note.getId())).body(NoteView.of(note));
    }

    @GetMapping("/{id}")
    public ResponseEntity<NoteView> read(@PathVariable long id) {
        return notes.findById(id).map(NoteView::of).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/count")
    public Map<String, Long> count() {
        return Map.of("count", notes.count());
    }
}
