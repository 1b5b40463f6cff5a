/**
 * Fake uhubctl and sysfs power switches for tests and the demo.
 */
package dev.failberry.sim.usb;
