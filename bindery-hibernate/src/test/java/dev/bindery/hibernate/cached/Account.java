package dev.bindery.hibernate.cached;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A cached entity of the group {@code accounts}, split by region ({@code accounts@eu}, {@code accounts@us}). */
@Entity
@BindKey("accounts")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Account {
    @Id
    private Long id;
    private String owner;

    protected Account() {
    }

    public Account(long id, String owner) {
        this.id = id;
        this.owner = owner;
    }

    public String getOwner() {
        return owner;
    }
}
