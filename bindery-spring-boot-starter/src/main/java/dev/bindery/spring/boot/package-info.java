/**
 * Spring Boot 4 auto-configuration of Bindery: {@link dev.bindery.spring.boot.BinderyAutoConfiguration} and the
 * {@code bindery.*} properties ({@link dev.bindery.spring.boot.BinderyProperties}).
 */
package dev.bindery.spring.boot;
