package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.ResidencyRequiredException;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.hibernate.regional.Customer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An entity bound to a group split by region is mapped in every region and routed by the session's region. */
class RegionalGroupsTest {

    @Test
    void eachRegionsCustomersStayInItsRegion() {
        String eu = H2.url("customers-eu");
        String us = H2.url("customers-us");
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, H2.url("app"))
                .bind("customers@eu", eu)
                .bind("customers@us", us)
                .build();
             Database db = Database.builder(binds).entities(Todo.class, Customer.class).build()) {
            assertThat(db.entities("customers@eu")).containsExactly(Customer.class);
            assertThat(db.entities("customers@us")).containsExactly(Customer.class);
            db.createAll("customers");

            try (RoutingSession s = db.openSession(SessionOptions.builder().region("eu").build())) {
                s.persist(new Customer(1, "Ada"));
                assertThat(s.lastRoute().bind()).isEqualTo("customers@eu");
                s.commit();
            }
            try (RoutingSession s = db.openSession(SessionOptions.builder().region("us").build())) {
                s.persist(new Customer(2, "Grace"));
                s.commit();
                assertThat(s.find(Customer.class, 2L).getName()).isEqualTo("Grace");
                assertThat(s.find(Customer.class, 1L)).as("an EU customer is not in the US database").isNull();
            }
            try (RoutingSession s = db.openSession()) {
                assertThatThrownBy(() -> s.find(Customer.class, 1L)).isInstanceOf(ResidencyRequiredException.class);
            }
            assertThat(H2.one(eu, "select name from Customer")).isEqualTo("Ada");
            assertThat(H2.one(us, "select name from Customer")).isEqualTo("Grace");
        }
    }

    @Test
    void aStandardSessionOfOneRegionsGroupNeedsThatRegion() {
        String eu = H2.url("customers-eu");
        String us = H2.url("customers-us");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, H2.url("app")).bind("customers@eu", eu).bind("customers@us", us).build();
             Database db = Database.builder(binds).entities(Todo.class, Customer.class).build()) {
            db.createAll("customers");
            org.hibernate.SessionFactory euFactory = db.sessionFactory("customers@eu");
            try (org.hibernate.Session s = euFactory.openSession()) {
                assertThatThrownBy(() -> s.inTransaction(tx -> s.persist(new Customer(1, "no region"))))
                        .isInstanceOf(ResidencyRequiredException.class).hasMessageContaining("Customer (group 'customers@eu')");
            }
            try (jakarta.persistence.EntityManager em = db.entityManagerFactory("customers@eu")
                    .createEntityManager(java.util.Map.of(SessionProperties.REGION, "us"))) {
                assertThatThrownBy(() -> em.getTransaction().begin()).isInstanceOf(dev.bindery.ResidencyViolationException.class);
            }
            try (org.hibernate.Session s = euFactory.openSession()) {
                s.setProperty(SessionProperties.REGION, "eu");
                s.inTransaction(tx -> s.persist(new Customer(2, "Ada")));
            }
            assertThat(H2.one(eu, "select string_agg(name, ',') from Customer")).isEqualTo("Ada");
            assertThat(H2.one(us, "select count(*) from Customer")).isEqualTo(0L);
        }
    }
}
