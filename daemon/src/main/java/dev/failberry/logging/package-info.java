/**
 * Logging set-up: the shipped {@code logback.xml} applied in code when the file is missing or unreadable, and
 * the level from the configuration.
 */
package dev.failberry.logging;
