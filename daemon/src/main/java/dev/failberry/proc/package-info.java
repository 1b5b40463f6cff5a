/**
 * Running child processes (uhubctl, reboot, the AWS helper) with argument arrays, a minimal environment
 * and a deadline, their output read line by line.
 */
package dev.failberry.proc;
