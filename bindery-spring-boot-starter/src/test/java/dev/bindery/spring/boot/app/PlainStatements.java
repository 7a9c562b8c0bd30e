package dev.bindery.spring.boot.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCallback;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** SQL sent through plain JDBC statements ({@code createStatement}, not prepared), which JdbcTemplate uses without arguments. */
@Service
public class PlainStatements {
    private final JdbcTemplate jdbc;

    public PlainStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public void execute(String sql) {
        jdbc.execute(sql);                                          // Statement.execute
    }

    @Transactional(readOnly = true)
    public int update(String sql) {
        return jdbc.update(sql);                                    // Statement.executeUpdate
    }

    @Transactional(readOnly = true)
    public long largeUpdate(String sql) {
        return jdbc.execute((StatementCallback<Long>) s -> s.executeLargeUpdate(sql));
    }

    @Transactional(readOnly = true)
    public int[] batch(String... sql) {
        return jdbc.batchUpdate(sql);                               // Statement.addBatch, executeBatch
    }

    @Transactional(readOnly = true)
    public String query(String sql) {
        return jdbc.queryForObject(sql, String.class);              // Statement.executeQuery
    }

    @Transactional
    public int updateInReadWrite(String sql) {
        return jdbc.update(sql);
    }
}
