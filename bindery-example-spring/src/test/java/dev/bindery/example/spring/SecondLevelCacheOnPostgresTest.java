package dev.bindery.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.example.spring.notes.Note;
import dev.bindery.example.spring.notes.NoteRepository;
import dev.bindery.spring.internal.WriteMemory;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The starter's JPA setup with Hibernate's second-level cache on (JCache on Caffeine, every entity cached), in a
 * context of its own, on the PostgreSQL primary and its two streaming replicas with replay paused: a lagging replica
 * never puts its old row into the cache, so the writer reads its write and a replica read is never older than the
 * replica.
 */
class SecondLevelCacheOnPostgresTest extends StarterApplicationTest {
    @DynamicPropertySource
    static void cacheOn(DynamicPropertyRegistry r) {
        r.add("spring.jpa.properties.hibernate.cache.region.factory_class", () -> "jcache");
        r.add("spring.jpa.properties.hibernate.javax.cache.provider",
                () -> "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
        r.add("spring.jpa.properties.hibernate.javax.cache.missing_cache_strategy", () -> "create");
        r.add("spring.jpa.properties.jakarta.persistence.sharedCache.mode", () -> "ALL");
        r.add("spring.jpa.properties.hibernate.cache.default_cache_concurrency_strategy", () -> "read-write");
    }

    @Autowired
    NoteRepository notes;
    @Autowired
    EntityManagerFactory factory;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aReplicaWithReplayPausedDoesNotPoisonTheCacheForTheWritersRead() {
        awaitAllServing();
        long id = notes.save(new Note("v1")).getId();
        DB.awaitReplicasCaughtUp();
        DB.notes.replicas().forEach(DB.notes::pauseReplay);
        try {
            WriteMemory.install(null);
            new TransactionTemplate(transactions).executeWithoutResult(s -> notes.findById(id).orElseThrow().setTitle("v2"));
            assertThat(DB.noteTitles(id)).as("the write on the primary only")
                    .containsOnly(Map.entry("primary", List.of("v2")), Map.entry("replica-1", List.of("v1")),
                            Map.entry("replica-2", List.of("v1")));
            WriteMemory writer = WriteMemory.install(null);                 // another client, which wrote nothing
            factory.getCache().evictAll();                                  // the cached row expires
            assertThat(title(id)).as("another client's read on a paused replica").isEqualTo("v1");
            WriteMemory.install(writer);
            assertThat(title(id)).as("the writer reads its write").isEqualTo("v2");
        } finally {
            DB.notes.replicas().forEach(DB.notes::resumeReplay);
        }
        DB.awaitReplicasCaughtUp();
        WriteMemory.install(null);
        assertThat(title(id)).as("a replica read once the replicas replayed").isEqualTo("v2");
    }

    private String title(long id) {
        return notes.findById(id).map(Note::getTitle).orElse(null);
    }
}
