/** Reports on Spring's task executor, read from the reporting replica chosen with {@code @UseBind}. */
package dev.bindery.example.spring.reports;
