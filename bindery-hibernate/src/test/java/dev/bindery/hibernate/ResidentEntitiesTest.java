package dev.bindery.hibernate;

import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.ResidencyRequiredException;
import dev.bindery.ResidencyViolationException;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.hibernate.resident.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @Resident} entities stay on binds of the session's region; other entities of the group route as before. The
 * tagged region is shown verbatim in docs/hibernate.md (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
class ResidentEntitiesTest {
    private Binds binds;
    private Database db;
    private String url;

    @BeforeEach
    void setUp() {
        url = H2.url("resident");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(url).region("eu"))
                .bind("eu-replica", b -> b.url(url).replicaOf(Binds.DEFAULT).region("eu"))
                .bind("us-replica", b -> b.url(url).replicaOf(Binds.DEFAULT).region("us"))
                .build();
        db = Database.builder(binds).entities(Todo.class, Patient.class).build();
        db.createAll();
        try (RoutingSession s = db.openSession(SessionOptions.builder().region("eu").build())) {
            s.persist(new Patient(1, "eu"));
            s.commit();
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
        binds.close();
    }

    @Test
    void theDocumentedResidentSessionReadsInItsRegionAndRefusesTheRest() {
        Route route;
        // tag::resident[]
        // resident.Patient is @Entity @Resident(regionAttribute = "region") class Patient { @Id Long id; String region; }
        try (RoutingSession s = db.openSession(SessionOptions.builder().region("eu").build())) {
            s.find(Patient.class, 1L);                                // an EU bind only; the route lists the rejected US replica
            route = s.lastRoute();
            assertThatThrownBy(() -> s.persist(new Patient(2, "us")))  // nothing sent
                    .isInstanceOf(ResidencyViolationException.class);
        }
        try (RoutingSession s = db.openSession()) {
            assertThatThrownBy(() -> s.find(Patient.class, 1L))        // no region: set one
                    .isInstanceOf(ResidencyRequiredException.class);
        }
        // end::resident[]
        assertThat(route.bind()).isEqualTo("eu-replica");
        assertThat(route.rejected()).containsExactly("us-replica(us)");
        assertThat(H2.one(url, "select count(*) from Patient")).isEqualTo(1L);
    }

    @Test
    void residentReadsNeverReachTheReplicaInAnotherRegion() {
        for (int i = 0; i < 20; i++) {
            try (RoutingSession s = db.openReadOnlySession()) {
                assertThatThrownBy(() -> s.find(Patient.class, 1L)).isInstanceOf(ResidencyRequiredException.class)
                        .hasMessageContaining("Patient").hasMessageContaining("SessionOptions.builder().region");
            }
            try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true).region("eu").build())) {
                assertThat(s.find(Patient.class, 1L).getRegion()).isEqualTo("eu");
                Route r = s.lastRoute();
                assertThat(r.bind()).isEqualTo("eu-replica");
                assertThat(r.rejected()).containsExactly("us-replica(us)");
                s.createSelectionQuery("from Patient", Patient.class).getResultList();
                assertThat(s.lastRoute().bind()).isEqualTo("eu-replica");
            }
        }
    }

    @Test
    void nonResidentEntitiesOfTheSameGroupStillUseEveryReplica() {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            try (RoutingSession s = db.openReadOnlySession()) {
                s.createSelectionQuery("from Todo", Todo.class).getResultList();
                used.add(s.lastRoute().bind());
            }
        }
        assertThat(used).containsExactlyInAnyOrder("eu-replica", "us-replica");
    }

    @Test
    void anEntityWhoseRegionDisagreesWithTheSessionIsRefusedBeforeAnySql() {
        try (RoutingSession s = db.openSession(SessionOptions.builder().region("eu").build())) {
            assertThatThrownBy(() -> s.persist(new Patient(2, "us")))
                    .isInstanceOf(ResidencyViolationException.class)
                    .hasMessageContaining("Patient belongs to region 'us' (its region), but this session works in region 'eu'");
            assertThat(s.routes()).isEmpty();
        }
        try (RoutingSession s = db.openSession(SessionOptions.builder().region("us").build())) {
            assertThatThrownBy(() -> s.persist(new Patient(3, "us")))
                    .as("the group's primary is in the EU: no US bind can take US-resident writes")
                    .isInstanceOf(ResidencyViolationException.class).hasMessageContaining("primary of group 'default' is in region 'eu'");
        }
        assertThat(H2.one(url, "select count(*) from Patient")).isEqualTo(1L);
    }

    @Test
    void standardSessionsOfAGroupWithResidentEntitiesStayInTheirRegion() {
        java.util.List<dev.bindery.spi.Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Database standard = Database.builder(binds).entities(Todo.class, Patient.class).onRoute(routes::add).build()) {
            org.hibernate.SessionFactory sf = standard.sessionFactory(Binds.DEFAULT);
            for (int i = 0; i < 4; i++) {
                try (org.hibernate.Session s = sf.withOptions().readOnly(true).openSession()) {
                    s.setProperty(SessionProperties.REGION, "eu");
                    assertThat(s.find(Patient.class, 1L)).isNotNull();
                }
                try (dev.bindery.BindScope eu = dev.bindery.BindContext.region("eu");
                     org.hibernate.Session s = sf.withOptions().readOnly(true).openSession()) {
                    assertThat(s.find(Patient.class, 1L)).isNotNull();
                }
            }
            assertThat(routes).hasSize(8).allSatisfy(r -> assertThat(r.bind()).isIn(Binds.DEFAULT, "eu-replica"));
            try (org.hibernate.Session s = sf.withOptions().readOnly(true).openSession()) {
                assertThatThrownBy(() -> s.find(Patient.class, 1L)).isInstanceOf(ResidencyRequiredException.class);
            }
            try (org.hibernate.Session s = sf.openSession()) {
                s.setProperty(SessionProperties.REGION, "eu");
                s.beginTransaction();
                s.persist(new Patient(2, "us"));
                assertThatThrownBy(s::flush).satisfies(e -> assertThat(e).isInstanceOfAny(ResidencyViolationException.class)
                        .hasMessageContaining("us"));
                s.getTransaction().rollback();
            }
        }
        assertThat(H2.one(url, "select count(*) from Patient")).isEqualTo(1L);
    }

    /** A standard session's route belongs to its unit of work, not to an entity: in this group every unit is resident. */
    @Test
    void inAStandardSessionEveryUnitOfWorkOfTheGroupIsResidentWork() {
        java.util.List<dev.bindery.spi.Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Database standard = Database.builder(binds).entities(Todo.class, Patient.class).onRoute(routes::add).build()) {
            org.hibernate.SessionFactory sf = standard.sessionFactory(Binds.DEFAULT);
            try (org.hibernate.Session s = sf.withOptions().readOnly(true).openSession()) {
                assertThatThrownBy(() -> s.createSelectionQuery("from Todo", Todo.class).getResultList())
                        .as("a Todo, not resident itself").isInstanceOf(ResidencyRequiredException.class);
            }
            for (int i = 0; i < 4; i++) {
                try (org.hibernate.Session s = sf.withOptions().readOnly(true).openSession()) {
                    s.setProperty(SessionProperties.REGION, "eu");
                    s.createSelectionQuery("from Todo", Todo.class).getResultList();
                }
            }
            assertThat(routes).hasSize(4).allSatisfy(r -> assertThat(r.bind()).isEqualTo("eu-replica"));
        }
    }

    @Test
    void entityManagersAndStatelessSessionsOfAGroupWithResidentEntitiesStayInTheirRegion() {
        java.util.List<dev.bindery.spi.Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Database standard = Database.builder(binds).entities(Todo.class, Patient.class).onRoute(routes::add).build()) {
            jakarta.persistence.EntityManagerFactory emf = standard.entityManagerFactory(Binds.DEFAULT);
            for (int i = 0; i < 4; i++) {
                try (jakarta.persistence.EntityManager em = emf.createEntityManager(
                        java.util.Map.of(SessionProperties.READ_ONLY, true, SessionProperties.REGION, "eu"))) {
                    assertThat(em.find(Patient.class, 1L).getRegion()).isEqualTo("eu");
                }
                try (dev.bindery.BindScope eu = dev.bindery.BindContext.region("eu");
                     org.hibernate.StatelessSession s = standard.sessionFactory(Binds.DEFAULT).withStatelessOptions().readOnly(true)
                             .openStatelessSession()) {
                    assertThat(s.get(Patient.class, 1L).getRegion()).isEqualTo("eu");
                }
            }
            assertThat(routes).hasSize(8).allSatisfy(r -> {
                assertThat(r.bind()).isEqualTo("eu-replica");
                assertThat(r.rejected()).containsExactly("us-replica(us)");
            });
            try (jakarta.persistence.EntityManager em = emf.createEntityManager(java.util.Map.of(SessionProperties.READ_ONLY, true))) {
                assertThatThrownBy(() -> em.find(Patient.class, 1L)).isInstanceOf(ResidencyRequiredException.class);
            }
            try (org.hibernate.StatelessSession s = standard.sessionFactory(Binds.DEFAULT).openStatelessSession()) {
                assertThatThrownBy(() -> s.get(Patient.class, 1L)).isInstanceOf(ResidencyRequiredException.class);
            }
            try (jakarta.persistence.EntityManager em = emf.createEntityManager(java.util.Map.of(SessionProperties.REGION, "eu"))) {
                em.getTransaction().begin();
                em.persist(new Patient(2, "us"));
                assertThatThrownBy(em::flush).isInstanceOf(ResidencyViolationException.class).hasMessageContaining("us");
                em.getTransaction().rollback();
            }
            try (jakarta.persistence.EntityManager em = emf.createEntityManager(java.util.Map.of(SessionProperties.REGION, "us"))) {
                assertThatThrownBy(() -> {
                    em.getTransaction().begin();   // refused here: the transaction's route
                    em.persist(new Patient(3, "us"));
                    em.flush();
                }).isInstanceOf(ResidencyViolationException.class).hasMessageContaining("primary of group 'default' is in region 'eu'");
            }
            assertThat(routes).as("the EU transaction's route; none for the US one").hasSize(9)
                    .last().satisfies(r -> assertThat(r.bind()).isEqualTo(Binds.DEFAULT));
        }
        assertThat(H2.one(url, "select count(*) from Patient")).isEqualTo(1L);
    }
}
