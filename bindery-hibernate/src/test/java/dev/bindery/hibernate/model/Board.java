package dev.bindery.hibernate.model;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;

import java.util.ArrayList;
import java.util.List;

/** An entity with a collection, in the default group. */
@Entity
public class Board {
    @Id
    private Long id;
    private String name;
    @ElementCollection(fetch = FetchType.EAGER)
    private List<String> labels = new ArrayList<>();

    protected Board() {
    }

    public Board(long id, String name) {
        this.id = id;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public List<String> getLabels() {
        return labels;
    }
}
