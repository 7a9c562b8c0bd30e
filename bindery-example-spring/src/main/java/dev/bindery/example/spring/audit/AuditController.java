package dev.bindery.example.spring.audit;

import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /audit} writes on the audit group's primary; {@code GET /audit/{id}} reads on its replica. */
@RestController
@RequestMapping("/audit")
public class AuditController {

    private final AuditRepository entries;

    public AuditController(AuditRepository entries) {
        this.entries = entries;
    }

    /** An audit entry as JSON. */
    public record AuditView(long id, String action) {
        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.getId(), entry.getAction());
        }
    }

    @PostMapping
    public ResponseEntity<AuditView> record(@RequestBody Map<String, String> body) {
        String action = body.get("action");
        if (action == null || action.isBlank() || action.length() > AuditEntry.MAX_ACTION) {
            return ResponseEntity.badRequest().build();
        }
        AuditEntry entry = entries.save(new AuditEntry(action));
        return ResponseEntity.created(URI.create("/audit/" + entry.getId())).body(AuditView.of(entry));
    }

    @GetMapping("/{id}")
    public ResponseEntity<AuditView> read(@PathVariable long id) {
        return entries.findById(id).map(AuditView::of).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }
}
