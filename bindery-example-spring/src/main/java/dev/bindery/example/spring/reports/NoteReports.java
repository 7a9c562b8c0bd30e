package dev.bindery.example.spring.reports;

import dev.bindery.example.spring.notes.NoteRepository;
import java.util.concurrent.CompletableFuture;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** Reports, computed on Spring's task executor: the bind context of the caller goes with them. */
@Service
public class NoteReports {

    private final NoteRepository notes;

    public NoteReports(NoteRepository notes) {
        this.notes = notes;
    }

    /** A report: how many notes, and the thread that counted them. */
    public record Summary(long notes, String thread) {
    }

    /** Counts the notes on an executor thread, in the caller's bind context. */
    @Async
    public CompletableFuture<Summary> summary() {
        return CompletableFuture.completedFuture(new Summary(notes.count(), Thread.currentThread().getName()));
    }
}
