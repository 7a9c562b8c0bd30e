package dev.bindery.example.spring.probe;

import dev.bindery.example.spring.notes.Note;
import dev.bindery.example.spring.notes.NoteRepository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoints, one per pitfall, that both setups (the recipe and the starter) serve with the same code. With
 * Spring Boot's default open-in-view, each request keeps one EntityManager for all its transactions.
 */
@RestController
public class ProbeController {

    @PersistenceContext
    private EntityManager entityManager;
    private final ServedBy servedBy;
    private final NoteRepository notes;
    private final ReplicaPin pin;

    public ProbeController(ServedBy servedBy, NoteRepository notes, ReplicaPin pin) {
        this.servedBy = servedBy;
        this.notes = notes;
        this.pin = pin;
    }

    /** Something asks the request's connection for its metadata, then a read-only transaction runs. */
    @GetMapping("/probe/metadata-then-read")
    public Map<String, Object> metadataThenRead() {
        String product = entityManager.unwrap(Session.class).doReturningWork(c -> c.getMetaData().getDatabaseProductName());
        return Map.of("product", product, "port", servedBy.readOnlyTransaction());
    }

    /** A read-only transaction: the port of the server that ran it. */
    @GetMapping("/probe/read-only")
    public Map<String, Object> readOnly() {
        return Map.of("port", servedBy.readOnlyTransaction());
    }

    /** A repository read (a read-only transaction), then a repository write, in one request. */
    @PostMapping("/probe/read-then-write")
    public Map<String, Object> readThenWrite(@RequestParam String title) {
        long before = notes.count();
        Note note = notes.save(new Note(title));
        return Map.of("countBefore", before, "id", note.getId());
    }

    /** Pinned to replica-1, work handed to the {@code @Async} executor. */
    @GetMapping("/probe/async-pinned")
    public Map<String, Object> asyncPinned() throws Exception {
        int port = pin.onReplica(() -> servedBy.onExecutorThread()).get(10, TimeUnit.SECONDS);
        return Map.of("port", port);
    }

    /** A switch to replica-1 asked for inside a read-write transaction. */
    @GetMapping("/probe/switch-inside-transaction")
    public Map<String, Object> switchInsideTransaction() {
        return servedBy.switchInsideTransaction(pin);
    }
}
