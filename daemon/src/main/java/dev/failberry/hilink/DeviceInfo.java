package dev.failberry.hilink;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /api/device/information}: identity and firmware; on newer firmware also the WAN address.
 * Serial number, IMSI, ICCID and MSISDN are deliberately not read: nothing here needs them and they
 * must not end up in logs or status.
 */
public record DeviceInfo(
        String deviceName,
        String hardwareVersion,
        String softwareVersion,
        String webUiVersion,
        String imei,
        Optional<Inet4Address> wanAddress,
        Optional<String> mccMnc,
        Optional<Duration> uptime) {}
