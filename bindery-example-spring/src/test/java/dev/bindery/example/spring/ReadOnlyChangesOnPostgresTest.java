package dev.bindery.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bindery.ReplicaWriteException;
import dev.bindery.example.spring.notes.Note;
import dev.bindery.example.spring.notes.NoteRepository;
import dev.bindery.spring.internal.WriteMemory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * No silent loss through Spring Data on the PostgreSQL cluster: a note changed inside a read-only transaction is
 * refused when the transaction was routed to a replica and written when read-your-writes routed it to the primary.
 */
class ReadOnlyChangesOnPostgresTest extends StarterApplicationTest {
    @Autowired
    NoteRepository notes;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aChangeInAReadOnlyTransactionIsRefusedOnAReplicaAndWrittenOnThePrimary() {
        awaitAllServing();
        long id = notes.save(new Note("as loaded")).getId();
        DB.awaitReplicasCaughtUp();
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);

        WriteMemory.install(null);                                          // a client that wrote nothing: a replica
        assertThatThrownBy(() -> readOnly.executeWithoutResult(s -> notes.findById(id).orElseThrow().setTitle("lost?")))
                .isInstanceOf(ReplicaWriteException.class);
        DB.awaitReplicasCaughtUp();
        assertThat(DB.noteTitles(id)).as("refused: unchanged on every node").containsOnly(
                Map.entry("primary", List.of("as loaded")), Map.entry("replica-1", List.of("as loaded")),
                Map.entry("replica-2", List.of("as loaded")));

        DB.notes.replicas().forEach(DB.notes::pauseReplay);
        try {
            notes.save(new Note("a write: later reads of this thread read it"));
            readOnly.executeWithoutResult(s -> notes.findById(id).orElseThrow().setTitle("written on the primary"));
        } finally {
            DB.notes.replicas().forEach(DB.notes::resumeReplay);
        }
        DB.awaitReplicasCaughtUp();
        assertThat(DB.noteTitles(id)).as("read-your-writes routed it to the primary: written, then replicated").containsOnly(
                Map.entry("primary", List.of("written on the primary")), Map.entry("replica-1", List.of("written on the primary")),
                Map.entry("replica-2", List.of("written on the primary")));
    }
}
