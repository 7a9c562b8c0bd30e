package com.example.library;

import dev.bindery.Binds;
import dev.bindery.hibernate.BinderyPersistenceProvider;
import dev.bindery.spi.Role;
import dev.bindery.status.BindStatus;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import dev.bindery.test.ReplicatedDatabase;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library, unchanged, started with Bindery's properties on a PostgreSQL primary and two streaming replicas: its
 * read-only work runs on the replicas and everything else on the primary. The only Bindery code is here, in the test,
 * to read the counters.
 */
@PostgresReplication(replicas = 2)
class LibraryOnPostgresTest {
    static EntityManagerFactory emf;
    static BookDao dao;

    @BeforeAll
    static void start(ReplicatedDatabase cluster) {
        // tag::config-only[]
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.provider", "dev.bindery.hibernate.BinderyPersistenceProvider");  // the one setting
        properties.put("bindery.url", cluster.jdbcUrl(cluster.primary()));                              // the bind options
        properties.put("bindery.username", "postgres");
        for (Node replica : cluster.replicas()) {
            properties.put("bindery.binds." + replica.name() + ".url", cluster.jdbcUrl(replica));
            properties.put("bindery.binds." + replica.name() + ".username", "postgres");
            properties.put("bindery.binds." + replica.name() + ".replicaOf", "default");
        }
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("library", properties);
        // end::config-only[]
        LibraryOnPostgresTest.emf = emf;
        dao = new BookDao(emf);
        emf.runInTransaction(em -> em.createQuery("delete from Book").executeUpdate());
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        emf.close();   // closes the binds the provider built
    }

    @BeforeEach
    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    @Test
    void browsingReadsAReplicaWhileLendingWritesThePrimary(ReplicatedDatabase cluster) {
        for (Node replica : cluster.replicas()) {
            cluster.pauseReplay(replica);
        }
        long id = dao.add("Dune", 3);
        assertThat(dao.titles()).as("replicas have not replayed the new book").doesNotContain("Dune");
        assertThat(dao.browse(id)).as("read-only find on a paused replica").isNull();
        assertThat(dao.current(id).getCopies()).as("read-write find on the primary").isEqualTo(3);
        dao.lend(id);
        assertThat(dao.current(id).getCopies()).isEqualTo(2);
        for (Node replica : cluster.replicas()) {
            cluster.resumeReplay(replica);
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        assertThat(dao.browse(id).getCopies()).as("replayed").isEqualTo(2);
        assertThat(dao.titles()).contains("Dune");
    }

    @Test
    void aWorkloadReadsOnReplicasAndWritesOnlyOnThePrimary(ReplicatedDatabase cluster) {
        Binds binds = BinderyPersistenceProvider.binds(emf);
        Map<String, long[]> before = counts(binds);
        int books = 20;
        for (int i = 0; i < books; i++) {
            long id = dao.add("Book " + i, 5);
            dao.lend(id);
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        int browsed = 0;
        for (int round = 0; round < 5; round++) {
            assertThat(dao.titles()).hasSizeGreaterThanOrEqualTo(books);
            browsed++;
        }
        List<Long> ids = emf.callInTransaction(em -> em.createQuery("select b.id from Book b", Long.class).getResultList());
        for (long id : ids) {
            assertThat(dao.browse(id)).isNotNull();
            browsed++;
        }
        Map<String, long[]> after = counts(binds);
        long replicaReads = 0;
        long replicaWrites = 0;
        long primaryWrites = 0;
        long primaryReads = 0;
        for (BindStatus s : binds.status()) {
            long reads = after.get(s.key())[0] - before.get(s.key())[0];
            long writes = after.get(s.key())[1] - before.get(s.key())[1];
            if (s.role() == Role.REPLICA) {
                replicaReads += reads;
                replicaWrites += writes;
            } else {
                primaryReads += reads;
                primaryWrites += writes;
            }
        }
        System.out.printf("library workload: %d read-only units on replicas, %d on the primary; %d read-write units on "
                + "the primary, %d on replicas%n", replicaReads, primaryReads, primaryWrites, replicaWrites);
        assertThat(replicaWrites).isZero();
        assertThat(primaryReads).as("every read-only unit found a replica").isZero();
        assertThat(replicaReads).isEqualTo(browsed);
        assertThat(primaryWrites).as("add + lend per book, and the id query").isEqualTo(2L * books + 1);
    }

    private static Map<String, long[]> counts(Binds binds) {
        Map<String, long[]> out = new HashMap<>();
        for (BindStatus s : binds.status()) {
            out.put(s.key(), new long[] {s.reads(), s.writes()});
        }
        return out;
    }
}
