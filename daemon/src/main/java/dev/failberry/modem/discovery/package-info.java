/**
 * Finding a modem's control and data ports from its USB vendor and product id in sysfs, and waiting
 * for them to come back after a reset or power cycle.
 */
package dev.failberry.modem.discovery;
