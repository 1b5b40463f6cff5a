/**
 * Reading and validating the configuration: {@code reference.conf} holds every default, the user's file is
 * layered over it, and every problem is reported with its key, file, line and what was expected. The result
 * is the immutable {@link dev.failberry.config.FailberryConfig}.
 */
package dev.failberry.config;
