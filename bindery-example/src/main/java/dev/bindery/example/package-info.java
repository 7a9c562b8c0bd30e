/**
 * The demo service that the README's run command starts: a Todo JSON API and HTML page on Javalin 7, with sessions
 * from bindery-javalin routed over a {@code default} and a {@code replica} bind.
 */
package dev.bindery.example;
