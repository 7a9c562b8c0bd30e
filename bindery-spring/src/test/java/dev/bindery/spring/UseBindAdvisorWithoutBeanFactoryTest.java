package dev.bindery.spring;

import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.spi.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link UseBindAdvisor} created by hand, outside a Spring bean factory, on H2. */
class UseBindAdvisorWithoutBeanFactoryTest {

    /** A service whose method runs on bind {@code other}. */
    public static class Reports {
        JdbcTemplate jdbc;

        @UseBind("other")
        public String where() {
            return jdbc.queryForObject("select 'ran'", String.class);
        }
    }

    private Binds binds;
    private TransactionTemplate transactions;
    private JdbcTemplate jdbc;

    @BeforeEach
    void start() {
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url("jdbc:h2:mem:advisor-default;DB_CLOSE_DELAY=-1").username("sa"))
                .bind("other", b -> b.url("jdbc:h2:mem:advisor-other;DB_CLOSE_DELAY=-1").username("sa"))
                .build();
        TransactionRoutingDataSource ds = TransactionRoutingDataSource.of(binds);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));
        jdbc = new JdbcTemplate(ds);
    }

    @AfterEach
    void stop() {
        binds.close();
    }

    private Reports advised(UseBindAdvisor advisor) {
        Reports target = new Reports();
        target.jdbc = jdbc;
        ProxyFactory proxies = new ProxyFactory(target);
        proxies.setProxyTargetClass(true);
        proxies.addAdvisor(advisor);
        return (Reports) proxies.getProxy();
    }

    @Test
    void anAdvisorGivenTheBindsRefusesASwitchInsideATransactionThroughTheirRouter() {
        Reports reports = advised(new UseBindAdvisor(binds));
        long before = binds.router().refusals().get(Refusal.Kind.BIND_SWITCH);

        assertThatThrownBy(() -> transactions.executeWithoutResult(t -> {
            jdbc.queryForObject("select 1", Integer.class);   // routes the transaction to the default bind
            reports.where();
        })).isInstanceOf(BindSwitchException.class).hasMessageContaining("bind 'other'");

        assertThat(binds.router().refusals().get(Refusal.Kind.BIND_SWITCH)).isEqualTo(before + 1);
        assertThat(reports.where()).as("outside a transaction the method runs on its bind").isEqualTo("ran");
    }

    @Test
    void anAdvisorWithoutBindsOrBeanFactoryFailsWithAClearErrorBeforeTheMethodRuns() {
        Reports reports = advised(new UseBindAdvisor());
        long before = binds.status().stream().filter(s -> s.key().equals("other")).mapToLong(s -> s.reads() + s.writes()).sum();

        assertThatThrownBy(() -> transactions.executeWithoutResult(t -> {
            jdbc.queryForObject("select 1", Integer.class);
            reports.where();
        })).isInstanceOf(MissingBindsException.class)
                .hasMessageContaining("new UseBindAdvisor(binds)");

        long after = binds.status().stream().filter(s -> s.key().equals("other")).mapToLong(s -> s.reads() + s.writes()).sum();
        assertThat(after).as("nothing was routed to bind 'other'").isEqualTo(before);
    }
}
