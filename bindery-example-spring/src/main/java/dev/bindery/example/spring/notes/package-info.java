/** Notes, in the default group: entity, Spring Data repository and controller. */
package dev.bindery.example.spring.notes;
