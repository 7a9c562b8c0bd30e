package dev.bindery.example.spring.reports;

import dev.bindery.spring.UseBind;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /reports/notes}: reports read from {@code replica-2}, the replica set aside for them, though the work
 * runs on another thread.
 */
@RestController
public class ReportController {

    private final NoteReports reports;

    public ReportController(NoteReports reports) {
        this.reports = reports;
    }

    @GetMapping("/reports/notes")
    @UseBind("replica-2")                                     // this request's reads: the reporting replica
    public CompletableFuture<NoteReports.Summary> notes() {
        return reports.summary();                              // @Async: runs on Spring's executor, still on replica-2
    }
}
