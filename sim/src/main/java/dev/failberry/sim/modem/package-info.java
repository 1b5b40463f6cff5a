/**
 * The modem simulator: a pseudo-terminal that answers AT commands like a real stick (personalities for
 * Huawei and ZTE models), with hangs, vanishing ports, SIM states, registration and data mode.
 */
package dev.failberry.sim.modem;
