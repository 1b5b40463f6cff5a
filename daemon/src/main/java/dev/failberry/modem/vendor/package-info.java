/**
 * Per-vendor quirks (Huawei, ZTE, generic): extra init commands, unsolicited lines to silence, reset commands.
 */
package dev.failberry.modem.vendor;
