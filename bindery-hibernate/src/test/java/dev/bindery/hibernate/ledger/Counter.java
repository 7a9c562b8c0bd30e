package dev.bindery.hibernate.ledger;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A counter in the default group, for concurrent updates. */
@Entity
public class Counter {
    @Id
    private Long id;
    private long total;

    protected Counter() {
    }

    public Counter(long id) {
        this.id = id;
    }

    public long getTotal() {
        return total;
    }

    public void setTotal(long total) {
        this.total = total;
    }
}
