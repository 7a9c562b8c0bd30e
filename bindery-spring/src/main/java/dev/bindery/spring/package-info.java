/**
 * Bindery for the Spring Framework: {@link dev.bindery.spring.TransactionRoutingDataSource} (routing decided at the
 * first statement of a Spring transaction and held for it), {@link dev.bindery.spring.UseBind} and its advisor, the
 * read-your-writes {@link dev.bindery.spring.ReadYourWritesFilter}, and what carries the bind context into other
 * threads ({@link dev.bindery.spring.BindContextTaskDecorator}, {@link dev.bindery.spring.BindContextAccessor}).
 * The Spring Boot starter configures all of it from {@code bindery.*} properties.
 */
package dev.bindery.spring;
