package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ATI and +CGMx replies from ModemManager's device identifier table and a ZTE ZM9000 log. */
class IdentityParserTest {

    static Stream<Arguments> atiReplies() {
        return Stream.of(
                arguments(
                        named(
                                "huawei_e1550_ati",
                                "\nManufacturer: huawei\nModel: E1550\nRevision: 11.608.09.01.21\n"
                                        + "IMEI: 235012412595195\n+GCAP: +CGSM,+FCLASS,+DS\n"),
                        new ModemIdentity("huawei", "E1550", "11.608.09.01.21", "235012412595195", null)),
                arguments(
                        named(
                                "huawei_ec121_ati_cdma_esn_ignored",
                                "\nManufacturer: HUAWEI INCORPORATED\nModel: EC121\n"
                                        + "Revision: 11.100.17.00.114\nESN: +GSN:12de4fa6\n+CIS707-A, +MS, +ES, +DS, +FCLASS\n"),
                        new ModemIdentity("HUAWEI INCORPORATED", "EC121", "11.100.17.00.114", null, null)),
                arguments(
                        named(
                                "sierra_usbconnect_mercury_ati",
                                "\nManufacturer: Sierra Wireless, Inc.\nModel: C885\n"
                                        + "Revision: J1_0_1_26AP C:/WS/FW/J1_0_1_26AP/MSM7200A/SRC/AMSS 2009/01/30 07:58:06\n"
                                        + "IMEI: 987866969112306\nIMEI SV: 6\nFSN: D603478104511\n3GPP Release 6\n+GCAP: +CGSM,+DS,+ES\n"),
                        new ModemIdentity(
                                "Sierra Wireless, Inc.",
                                "C885",
                                "J1_0_1_26AP C:/WS/FW/J1_0_1_26AP/MSM7200A/SRC/AMSS 2009/01/30 07:58:06",
                                "987866969112306",
                                null)),
                arguments(
                        named(
                                "zte_mf627_ati",
                                "\nManufacturer: ZTE INCORPORATED\nModel: MF627\n"
                                        + "Revision: BD_3GHAP673A4V1.0.0B02\nIMEI: 023589923858188\n+GCAP: +CGSM,+FCLASS,+DS\n"),
                        new ModemIdentity(
                                "ZTE INCORPORATED", "MF627", "BD_3GHAP673A4V1.0.0B02", "023589923858188", null)),
                arguments(
                        named(
                                "option_icon72_ati_no_imei",
                                "\nManufacturer: Option N.V.\nModel: GTM378\n"
                                        + "Revision: 2.5.21Hd (Date: Jun 17 2008, Time: 12:30:47)\n"),
                        new ModemIdentity(
                                "Option N.V.", "GTM378", "2.5.21Hd (Date: Jun 17 2008, Time: 12:30:47)", null, null)),
                arguments(
                        named(
                                "cmotech_cdx650_ati_cr_cr_lf",
                                "\nManufacturer: C-MOTECH Co., Ltd.\r\r\nModel: CDX-650 \r\r\n"
                                        + "Revision: CDX65UAC03\r\r\nEsn: 3B0C4B98\r\r\n+GCAP: +CIS707A, +MS, +ES, +DS, +FCLASS\r\n"),
                        new ModemIdentity("C-MOTECH Co., Ltd.", "CDX-650", "CDX65UAC03", null, null)),
                arguments(
                        named(
                                "lg_lx265_ati_values_echo_commands",
                                "\nManufacturer: +GMI: LG Electronics Inc.\n"
                                        + "Model: +GMI: LG Electronics Inc.+GMM: Model:LG-LX265\nRevision: +GMR: LX265V05, 50571\n"
                                        + "ESN: +GSN: 0x9235EB52\n+GCAP: +CIS707-A, +MS, +ES, +DS, +FCLASS\n"),
                        new ModemIdentity(
                                "LG Electronics Inc.",
                                "LG Electronics Inc.+GMM: Model:LG-LX265",
                                "LX265V05, 50571",
                                null,
                                null)),
                arguments(
                        named(
                                "qualcomm_gobi1000_ati",
                                "\nManufacturer: QUALCOMM INCORPORATED\nModel: 88\n"
                                        + "Revision: D1020-SUUAASFA-4352  1  [Apr 14 2008 18:00:00]\nIMEI: 239639269236269\n+GCAP: +CGSM,+DS\n"),
                        new ModemIdentity(
                                "QUALCOMM INCORPORATED",
                                "88",
                                "D1020-SUUAASFA-4352  1  [Apr 14 2008 18:00:00]",
                                "239639269236269",
                                null)),
                arguments(
                        named(
                                "zte_zm9000_ati_with_svn",
                                "Manufacturer: ZTE CORPORATION\nModel: ZM9000\n"
                                        + "Revision: BD_ZM9000V1.0.0B17\nSVN: 01\nIMEI: 860073040015790\n+GCAP: +CGSM\n"),
                        new ModemIdentity("ZTE CORPORATION", "ZM9000", "BD_ZM9000V1.0.0B17", "860073040015790", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atiReplies")
    void parsesAti(String reply, ModemIdentity expected) {
        assertThat(IdentityParser.ati(reply).value()).isEqualTo(expected);
    }

    static Stream<Arguments> valueReplies() {
        return Stream.of(
                arguments(named("huawei_e1550_cgmi", "\nhuawei\n"), "huawei"),
                arguments(named("huawei_e226_cgmr", "\n11.310.15.00.150\n"), "11.310.15.00.150"),
                arguments(
                        named("zte_mf622_cgmr", "\n3UKP671M3V1.0.0B08 3UKP671M3V1.0.0B08 1  [Jan 07 2008 16:00:00]\n"),
                        "3UKP671M3V1.0.0B08 3UKP671M3V1.0.0B08 1  [Jan 07 2008 16:00:00]"),
                arguments(named("motorola_rokr_e2_cgmm_quoted", "\n\"E2\"\n"), "E2"),
                arguments(
                        named("motorola_buslink_cgmi_quoted", "\n\"Motorola CE, Copyright 2000\"\n"),
                        "Motorola CE, Copyright 2000"),
                arguments(
                        named("nokia_2720a_cgmr_multiline", "\nV 08.62\n24-07-09\nRM-520\n(c) Nokia            \n"),
                        "V 08.62 24-07-09 RM-520 (c) Nokia"),
                arguments(named("lg_lx265_gmr_with_prefix", "+GMR: LX265V05, 50571"), "LX265V05, 50571"),
                arguments(named("zte_zm9000_cgmm", "ZM9000"), "ZM9000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueReplies")
    void parsesBareValues(String reply, String expected) {
        assertThat(IdentityParser.value(reply).value()).isEqualTo(expected);
    }

    static Stream<Arguments> imeiReplies() {
        return Stream.of(
                arguments(named("huawei_e1550_cgsn", "\n235012412595195\n"), "235012412595195"),
                arguments(named("option_icon72_cgsn_with_serial", "\n129512359199159,SE393939TS\n"), "129512359199159"),
                arguments(named("motorola_rokr_e2_cgsn_quoted", "\n\"626936926396996\"\n"), "626936926396996"),
                arguments(named("mm_canned_gsm_port_cgsn_with_prefix", "+CGSN: 123456789012345"), "123456789012345"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imeiReplies")
    void parsesImei(String reply, String expected) {
        assertThat(IdentityParser.imei(reply).value()).isEqualTo(expected);
    }

    @Test
    void rejectsACdmaEsnAsImei() {
        assertThat(IdentityParser.imei("\n0x9235EB52\n")).isInstanceOf(Parsed.Failed.class);
        assertThat(IdentityParser.imei("\n12de4fa6\n")).isInstanceOf(Parsed.Failed.class);
    }

    @Test
    void parsesImsiOfZteMf627() {
        assertThat(IdentityParser.imsi(List.of("234201201366409")).value()).isEqualTo("234201201366409");
    }

    @Test
    void buildsAnIdentityFromAtiAndIndividualCommands() {
        ModemIdentity fromAti = IdentityParser.ati("Manufacturer: ZTE CORPORATION\nModel: ZM9000\n")
                .value();
        ModemIdentity fromCommands = ModemIdentity.empty()
                .withRevision(IdentityParser.value("BD_ZM9000V1.0.0B17").value())
                .withImei(IdentityParser.imei("860073040015790").value())
                .withImsi(IdentityParser.imsi("234201201366409").value())
                .withModel("ignored, ATI wins");

        assertThat(fromAti.orElse(fromCommands))
                .isEqualTo(new ModemIdentity(
                        "ZTE CORPORATION", "ZM9000", "BD_ZM9000V1.0.0B17", "860073040015790", "234201201366409"));
    }
}
