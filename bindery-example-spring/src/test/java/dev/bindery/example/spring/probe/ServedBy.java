package dev.bindery.example.spring.probe;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which server ran a piece of work: {@code inet_server_port()}, asked on the connection the work itself uses, so the
 * answer is the same for every setup and needs no routing counters.
 */
@Service
public class ServedBy {
    private static final String PORT = "SELECT inet_server_port()";

    @PersistenceContext
    private EntityManager entityManager;
    private final JdbcTemplate jdbc;

    public ServedBy(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The port of the server that ran a read-only JPA transaction. */
    @Transactional(readOnly = true)
    public int readOnlyTransaction() {
        return port();
    }

    /** The port of the server that ran a statement on an {@code @Async} executor thread, outside any transaction. */
    @Async
    public CompletableFuture<Integer> onExecutorThread() {
        return CompletableFuture.completedFuture(jdbc.queryForObject(PORT, Integer.class));
    }

    /**
     * In one read-write transaction: the port before and after {@code pin} asks for replica-1 (or the name of the
     * exception with which the setup refused the switch).
     */
    @Transactional
    public Map<String, Object> switchInsideTransaction(ReplicaPin pin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", port());
        try {
            out.put("after", pin.onReplica(this::port));
        } catch (RuntimeException e) {
            out.put("refused", e.getClass().getSimpleName());
        }
        return out;
    }

    private int port() {
        return ((Number) entityManager.createNativeQuery(PORT).getSingleResult()).intValue();
    }
}
