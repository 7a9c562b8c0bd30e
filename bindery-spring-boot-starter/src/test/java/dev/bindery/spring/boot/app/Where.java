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

    @Transactional(readOnly = true)
    public String readOnly() {
        return now();
    }

    @Transactional
    public String readWrite() {
        return now();
    }

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

    @UseBind("other")
    @Transactional(readOnly = true)
    public String onOther() {
        return now();
    }

    @Transactional(readOnly = true)
    public String readOnlyThenOther() {
        now();
        return self.onOther();
    }
}
