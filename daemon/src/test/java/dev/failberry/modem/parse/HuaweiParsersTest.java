package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Huawei URCs and replies: ^SYSINFO(EX) from ModemManager's Huawei plugin tests, ^RSSI, ^MODE and
 * ^DSFLOWRPT from public logs of Huawei sticks (device names where the source gives one).
 */
class HuaweiParsersTest {

    static Stream<Arguments> rssi() {
        return Stream.of(
                arguments(named("huawei_stick_forum_log_rssi", "^RSSI:12"), 12, -89),
                arguments(named("gammu_huawei_rssi", "^RSSI:18"), 18, -77),
                arguments(named("huawei_e352s_rssi_with_space", "^RSSI: 19"), 19, -75),
                arguments(named("go_monitor_example_rssi_31", "\r\n^RSSI:31\r\n"), 31, -51));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rssi")
    void parsesRssi(String line, int index, int dbm) {
        assertThat(HuaweiParsers.rssi(line).value()).isEqualTo(new SignalQuality(index, 99, dbm));
    }

    static Stream<Arguments> mode() {
        return Stream.of(
                arguments(
                        named("gammu_huawei_mode_gsm_edge", "^MODE:3,3"), new HuaweiMode(3, 3, AccessTechnology.EDGE)),
                arguments(
                        named("cwmodem_huawei_mode_wcdma_hspa", "^MODE:5,7"),
                        new HuaweiMode(5, 7, AccessTechnology.HSPA)),
                arguments(
                        named("huawei_sms_gateway_mode_wcdma", "^MODE:5,4"),
                        new HuaweiMode(5, 4, AccessTechnology.UMTS)),
                arguments(
                        named("synthetic_mode_no_service", "^MODE:0"),
                        new HuaweiMode(0, null, AccessTechnology.UNKNOWN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mode")
    void parsesMode(String line, HuaweiMode expected) {
        HuaweiMode m = HuaweiParsers.mode(line).value();

        assertThat(m).isEqualTo(expected);
        assertThat(m.hasService()).isEqualTo(expected.sysMode() != 0);
    }

    static Stream<Arguments> sysinfo() {
        HuaweiSysInfo noSub = new HuaweiSysInfo(2, 4, 5, 1, 3, null, AccessTechnology.GPRS, false);
        HuaweiSysInfo sub6 = new HuaweiSysInfo(2, 4, 5, 1, 3, 6, AccessTechnology.HSUPA, false);
        return Stream.of(
                arguments(named("mm_huawei_sysinfo_5_fields", "^SYSINFO:2,4,5,3,1"), noSub),
                arguments(named("mm_huawei_sysinfo_trailing_comma", "^SYSINFO:2,4,5,3,1,"), noSub),
                arguments(named("mm_huawei_sysinfo_two_trailing_commas", "^SYSINFO:2,4,5,3,1,,"), noSub),
                arguments(named("mm_huawei_sysinfo_lock_state_only", "^SYSINFO:2,4,5,3,1,6"), noSub),
                arguments(named("mm_huawei_sysinfo_lock_state_trailing_comma", "^SYSINFO:2,4,5,3,1,6,"), noSub),
                arguments(named("mm_huawei_sysinfo_empty_lock_with_submode", "^SYSINFO:2,4,5,3,1,,6"), sub6),
                arguments(named("mm_huawei_sysinfo_full", "^SYSINFO:2,4,5,3,1,0,6"), sub6),
                arguments(named("mm_huawei_sysinfo_full_with_space", "^SYSINFO: 2,4,5,3,1,0,6"), sub6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sysinfo")
    void parsesSysinfo(String line, HuaweiSysInfo expected) {
        HuaweiSysInfo s = HuaweiParsers.sysinfo(line).value();

        assertThat(s).isEqualTo(expected);
        assertThat(s.hasService()).isTrue();
        assertThat(s.simValid()).isTrue();
    }

    static Stream<Arguments> sysinfoex() {
        HuaweiSysInfo hspaPlusCell = new HuaweiSysInfo(2, 4, 5, 1, 3, 41, AccessTechnology.UMTS, true);
        return Stream.of(
                arguments(
                        named("mm_huawei_sysinfoex_bare_names", "^SYSINFOEX:2,4,5,1,,3,WCDMA,41,HSPA+"), hspaPlusCell),
                arguments(
                        named("mm_huawei_sysinfoex_quoted_names", "^SYSINFOEX:2,4,5,1,,3,\"WCDMA\",41,\"HSPA+\""),
                        hspaPlusCell),
                arguments(
                        named("mm_huawei_sysinfoex_lock_and_space", "^SYSINFOEX: 2,4,5,1,0,3,\"WCDMA\",41,\"HSPA+\""),
                        hspaPlusCell));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sysinfoex")
    void parsesSysinfoex(String line, HuaweiSysInfo expected) {
        assertThat(HuaweiParsers.sysinfoex(line).value()).isEqualTo(expected);
    }

    static Stream<Arguments> dsflowrpt() {
        return Stream.of(
                arguments(
                        named(
                                "huawei_stick_forum_log_dsflowrpt_idle",
                                "^DSFLOWRPT:000004EA,00000000,00000000,0000000000057EE7,00000000000AEC7C,0000BB80,00046500"),
                        new DataFlowReport(Duration.ofSeconds(1258), 0, 0, 360167, 715900, 48000, 288000)),
                arguments(
                        named(
                                "huawei_sms_gateway_dsflowrpt",
                                "^DSFLOWRPT:0000000E,00003C9E,000004E6,0000000000009906,000000000000537C,00107AC0,00107AC0"),
                        new DataFlowReport(Duration.ofSeconds(14), 15518, 1254, 39174, 21372, 1080000, 1080000)),
                arguments(
                        named(
                                "gammu_huawei_dsflowrpt",
                                "^DSFLOWRPT:00000124,00000082,00000EA6,0000000000012325,000000000022771D,0000BB80,0001F400"),
                        new DataFlowReport(Duration.ofSeconds(292), 130, 3750, 74533, 2258717, 48000, 128000)),
                arguments(
                        named(
                                "cwmodem_huawei_dsflowrpt",
                                "^DSFLOWRPT:00000008,00000045,00000084,0000000000003839,000000000000475F,0003E800,102C0243"),
                        new DataFlowReport(Duration.ofSeconds(8), 69, 132, 14393, 18271, 256000, 271319619)),
                arguments(
                        named(
                                "huawei_pmc_log_dsflowrpt_between_reply_and_ok",
                                "\r\n^DSFLOWRPT:000014F4,00000000,00000000,000000000001949A,0000000000021E14,0003E800,000FA000\r\n"),
                        new DataFlowReport(Duration.ofSeconds(5364), 0, 0, 103578, 138772, 256000, 1024000)),
                arguments(
                        named(
                                "huawei_e352s_dsflowrpt",
                                "^DSFLOWRPT:00000210,00000000,00000000,0000000000000C58,0000000000000C5E,0010E000,0010E000"),
                        new DataFlowReport(Duration.ofSeconds(528), 0, 0, 3160, 3166, 1105920, 1105920)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dsflowrpt")
    void parsesDsflowrpt(String line, DataFlowReport expected) {
        assertThat(HuaweiParsers.dsflowrpt(line).value()).isEqualTo(expected);
    }
}
