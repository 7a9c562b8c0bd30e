package com.example.library;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/** A book of the catalogue. */
@Entity
public class Book {
    @Id
    @GeneratedValue
    private Long id;
    private String title;
    private int copies;
    @Version
    private long version;

    protected Book() {
    }

    public Book(String title, int copies) {
        this.title = title;
        this.copies = copies;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public int getCopies() {
        return copies;
    }

    public void setCopies(int copies) {
        this.copies = copies;
    }
}
