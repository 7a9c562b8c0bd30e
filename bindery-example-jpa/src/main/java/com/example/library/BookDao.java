package com.example.library;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import java.util.List;
import java.util.Map;

/**
 * The catalogue's data access, in plain JPA. Work that only reads opens its entity manager with Hibernate's standard
 * read-only hint; everything else is ordinary read-write JPA.
 */
public class BookDao {
    private static final Map<String, Object> READ_ONLY = Map.of("org.hibernate.readOnly", true);

    private final EntityManagerFactory emf;

    public BookDao(EntityManagerFactory emf) {
        this.emf = emf;
    }

    public long add(String title, int copies) {
        return emf.callInTransaction(em -> {
            Book b = new Book(title, copies);
            em.persist(b);
            return b.getId();
        });
    }

    public void lend(long id) {
        emf.runInTransaction(em -> {
            Book b = em.find(Book.class, id);
            b.setCopies(b.getCopies() - 1);
        });
    }

    /** The catalogue, for browsing: read-only work. */
    public List<String> titles() {
        try (EntityManager em = emf.createEntityManager(READ_ONLY)) {
            return em.createQuery("select b.title from Book b order by b.title", String.class).getResultList();
        }
    }

    /** One book, for browsing: read-only work. */
    public Book browse(long id) {
        try (EntityManager em = emf.createEntityManager(READ_ONLY)) {
            return em.find(Book.class, id);
        }
    }

    /** One book, for a decision that must see the latest state: read-write work. */
    public Book current(long id) {
        try (EntityManager em = emf.createEntityManager()) {
            return em.find(Book.class, id);
        }
    }
}
