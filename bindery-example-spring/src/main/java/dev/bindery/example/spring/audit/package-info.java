/** Audit entries, in the second group {@code audit}: entity, Spring Data repository and controller. */
package dev.bindery.example.spring.audit;
