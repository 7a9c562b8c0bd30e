/** Micrometer meters for Bindery: {@link dev.bindery.micrometer.BinderyMetrics}. */
package dev.bindery.micrometer;
