package dev.bindery.spring.boot.app;

import dev.bindery.spring.UseBind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Says which database served a unit of work: every test database has a one-row table {@code whoami} naming itself.
 */
@Service
public class Where {
    private final JdbcTemplate jdbc;
    private final Where self;

    public Where(JdbcTemplate jdbc, @org.springframework.context.annotation.Lazy Where self) {
        this.jdbc = jdbc;
        this.self = self;
    }

    public String now() {
        return jdbc.queryForObject("select name from whoami", String.class);
    }

    // tag::transactions[]
    @Transactional(readOnly = true)             // a replica of the group, chosen at the first statement
    public String readOnly() {
        return now();
    }

    @Transactional                              // the group's primary
    public String readWrite() {
        return now();
    }
    // end::transactions[]

    @Transactional
    public String readWritePrepared() {
        return jdbc.queryForObject("select name from whoami where 1 = ?", String.class, 1);
    }

    @Transactional
    public String readWriteThenNestedReadOnly() {
        now();
        return self.readOnly();
    }

    @Transactional
    public String readWriteThenRequiresNewReadOnly() {
        now();
        return self.requiresNewReadOnly();
    }

    @Transactional(readOnly = true, propagation = Propagation.REQUIRES_NEW)
    public String requiresNewReadOnly() {
        return now();
    }

    @Transactional(readOnly = true)
    public void writeInReadOnly(String text) {
        now();
        jdbc.update("insert into note (text) values (?)", text);
    }

    // tag::use-bind[]
    @UseBind("other")                           // like BindContext.use("other"), around the transaction
    @Transactional(readOnly = true)
    public String onOther() {
        return now();
    }
    // end::use-bind[]

    @Transactional(readOnly = true)
    public String readOnlyThenOther() {
        now();
        return self.onOther();
    }
}
