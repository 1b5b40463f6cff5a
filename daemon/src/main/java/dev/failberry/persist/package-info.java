/**
 * Writing state files atomically: an exclusive temp file with an unpredictable name, never through a
 * symbolic link, then a rename.
 */
package dev.failberry.persist;
