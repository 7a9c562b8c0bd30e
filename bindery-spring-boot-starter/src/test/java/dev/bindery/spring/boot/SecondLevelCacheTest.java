package dev.bindery.spring.boot;

import dev.bindery.BindSwitchException;
import dev.bindery.ReplicaWriteException;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.spring.boot.app.Note;
import dev.bindery.spring.boot.app.NoteApplication;
import dev.bindery.spring.boot.app.NoteEdits;
import dev.bindery.spring.boot.app.NoteRepository;
import dev.bindery.spring.internal.WriteMemory;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.bindery.spring.boot.StarterContext.PRIMARY;
import static dev.bindery.spring.boot.StarterContext.REPLICA;
import static dev.bindery.spring.boot.StarterContext.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hibernate's second-level cache (JCache on Caffeine) under the starter's JPA setup, through Spring Data, in a context
 * of its own over the same H2 databases as {@link StarterContext} (whose contexts have the cache off): the H2 replica
 * replays only what a test copies to it by hand, so it lags behind every write. Note 7 starts as "old" on both.
 */
@SpringBootTest(classes = {NoteApplication.class, StarterContext.Listener.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecondLevelCacheTest {
    @DynamicPropertySource
    static void cacheOn(DynamicPropertyRegistry r) {
        StarterContext.binds(r);
        r.add("spring.jpa.properties.hibernate.cache.use_second_level_cache", () -> "true");
        // tag::cache-on[]
        r.add("spring.jpa.properties.hibernate.cache.region.factory_class", () -> "jcache");
        r.add("spring.jpa.properties.hibernate.javax.cache.provider",
                () -> "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
        r.add("spring.jpa.properties.hibernate.javax.cache.missing_cache_strategy", () -> "create");
        // end::cache-on[]
    }

    @Autowired
    NoteRepository notes;
    @Autowired
    EntityManagerFactory factory;
    @Autowired
    NoteEdits edits;

    @BeforeEach
    void noteSevenOnPrimaryAndReplica() {
        WriteMemory.install(null);
        ROUTES.clear();
        factory.getCache().evictAll();
        for (String url : new String[] {PRIMARY, REPLICA}) {
            TestDatabases.run(url, "insert into note (id, text) values (7, 'old')");
        }
    }

    @AfterEach
    void deleteNotes() {
        for (String url : new String[] {PRIMARY, REPLICA}) {
            TestDatabases.run(url, "delete from note");
        }
        factory.getCache().evictAll();
    }

    @Test
    void aLaggingReplicaDoesNotPoisonTheCacheAndAReadIsNeverOlderThanItsReplica() {
        assertThat(notes.rename(7, "new")).isOne();                    // the primary; Hibernate evicts cached notes
        WriteMemory writer = WriteMemory.install(null);                  // another client, which wrote nothing
        assertThat(text()).as("a read on the lagging replica").isEqualTo("old");
        WriteMemory.install(writer);
        assertThat(text()).as("the writer reads its write").isEqualTo("new");
        assertThat(ROUTES).extracting(Route::reason).containsExactly(RouteReason.READ_WRITE_TRANSACTION,
                RouteReason.REPLICA_READ, RouteReason.READ_YOUR_WRITES);

        TestDatabases.run(REPLICA, "update note set text = 'new' where id = 7");   // the replica replays the write
        WriteMemory.install(null);
        assertThat(text()).as("a read routed to the replica, once it replayed").isEqualTo("new");
    }

    @Test
    void aReadOnTheReplicaPutsNothingAndACommitOnThePrimaryWritesThrough() {
        assertThat(text()).isEqualTo("old");
        assertThat(factory.getCache().contains(Note.class, 7L)).as("after a replica read").isFalse();
        edits.rename(7, "written");
        assertThat(factory.getCache().contains(Note.class, 7L)).as("after a commit on the primary").isTrue();
        WriteMemory.install(null);
        assertThat(text()).as("a replica read served by the cache: newer than the replica, never older").isEqualTo("written");
    }

    @Test
    void anEntityFromTheCacheChangedInAReadOnlyTransactionIsRefusedThoughNoStatementRan() {
        edits.rename(7, "cached");                                         // the primary; its commit fills the cache
        WriteMemory.install(null);
        ROUTES.clear();
        assertThatThrownBy(() -> edits.renameWhileReading(7, "changed while reading"))
                .isInstanceOfAny(ReplicaWriteException.class, BindSwitchException.class);
        assertThat(ROUTES).as("the find was served by the cache; the flush was routed to the replica")
                .extracting(Route::bind).containsExactly("replica");
        assertThat(TestDatabases.text(PRIMARY, 7)).isEqualTo("cached");
        assertThat(TestDatabases.text(REPLICA, 7)).isEqualTo("old");
    }

    private String text() {
        return notes.findById(7L).map(Note::getText).orElse(null);
    }
}
