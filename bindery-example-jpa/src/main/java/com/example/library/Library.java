package com.example.library;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import java.util.Map;

/** Starts the library's persistence unit with the properties the deployment gives (JDBC URLs, provider, ...). */
public final class Library {
    private Library() {
    }

    public static EntityManagerFactory open(Map<String, ?> properties) {
        return Persistence.createEntityManagerFactory("library", properties);
    }
}
