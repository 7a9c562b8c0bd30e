/**
 * The Spring Boot example application: a notes service whose reads go to replicas and writes to the primary through
 * the Bindery starter, with no Bindery code in its repositories. Not a library: nothing here is API.
 */
package dev.bindery.example.spring;
