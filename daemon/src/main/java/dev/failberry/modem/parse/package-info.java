/**
 * Pure parsers of AT replies (signal, registration, operator, SIM state, identity, vendor lines), each
 * table-tested with replies captured from real sticks.
 */
package dev.failberry.modem.parse;
