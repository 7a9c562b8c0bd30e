/** Implementation of the Spring Boot starter; not API. */
package dev.bindery.spring.boot.internal;
