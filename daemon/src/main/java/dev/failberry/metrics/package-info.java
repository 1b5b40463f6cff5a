/**
 * The Prometheus metrics registry, served on the admin listener's {@code /metrics}.
 */
package dev.failberry.metrics;
