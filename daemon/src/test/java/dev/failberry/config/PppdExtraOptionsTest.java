package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ppp.extra-options is an allow-list (issue 21 item 8: plugin, ip-up-script, record, logfile, init-chat,
 * net-init-script and setenv were accepted; only a few options were refused). Option names from
 * pppd(8) of ppp 2.4.9 (Raspberry Pi OS Bookworm) and 2.5.x.
 */
class PppdExtraOptionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            mtu and compression off    | mtu 1400 novj nobsdcomp nodeflate noccp | -
            IPv6 and negotiation       | +ipv6 ipv6cp-accept-local noremoteip lcp-echo-adaptive mru 1500 | -
            timers and debug           | lcp-restart 5 ipcp-max-failure 20 connect-delay 500 debug kdebug 7 | -
            carrier user name          | user web@carrier.example refuse-chap hide-password | -
            asyncmap                   | asyncmap 0x000A0000 | -
            plugin                     | plugin /tmp/evil.so | option "plugin" is not allowed: it loads a program into pppd
            ip-up-script               | ip-up-script /tmp/x | option "ip-up-script" is not allowed: it runs a program
            ip-down-script             | ip-down-script /tmp/x | option "ip-down-script" is not allowed: it runs a program
            record                     | record /etc/shadow | option "record" is not allowed: it writes a file
            logfile                    | logfile /etc/cron.d/x | option "logfile" is not allowed: it writes a file
            init-chat                  | init-chat /tmp/x | option "init-chat" is not allowed: it runs a chat script
            net-init-script            | net-init-script /tmp/x | option "net-init-script" is not allowed: it runs a program
            setenv                     | setenv LD_PRELOAD=/tmp/x.so | option "setenv" is not allowed: it sets the environment of pppd's scripts
            set                        | set LD_PRELOAD=/tmp/x.so | option "set" is not allowed: it sets the environment of pppd's scripts
            connect                    | connect /bin/sh | option "connect" is not allowed: it runs a program (the daemon sets it)
            file                       | file /tmp/options | option "file" is not allowed: it reads options from a file
            persist                    | persist | option "persist" is not allowed: the daemon redials itself
            password on the cmdline    | password s3cret | option "password" is not allowed: the password would show in ps (use /etc/ppp/pap-secrets or chap-secrets)
            has its own key            | lcp-echo-interval 30 | option "lcp-echo-interval" is set with failberry.ppp.lcp-echo-interval, not here
            unknown option             | frobnicate | option "frobnicate" is not allowed: not one of the link options pppd may be given here (see ppp.extra-options in reference.conf)
            mtu too small              | mtu 64 | option "mtu": invalid value "64": expected a whole number from 128 to 16384
            mtu not a number           | mtu /etc/passwd | option "mtu": invalid value "/etc/passwd": expected a whole number from 128 to 16384
            mtu without a value        | mtu | option "mtu" needs a value: a whole number from 128 to 16384
            user with a slash          | user ../../x | option "user": invalid value "../../x": expected a user name of letters, digits, '.', '_', '@', '-'
            a value cannot hide a name | mtu 1400 plugin | option "plugin" is not allowed: it loads a program into pppd
            """)
    void table(String name, String elements, String expected) {
        List<String> problems = PppdExtraOptions.problems(Arrays.asList(elements.split(" ")));
        if (expected == null) {
            assertThat(problems).as(name).isEmpty();
        } else {
            assertThat(problems).as(name).containsExactly(expected);
        }
    }

    @Test
    void oneOptionPerElement() {
        assertThat(PppdExtraOptions.problems(List.of("mtu 1400")))
                .containsExactly("element \"mtu 1400\": one option or"
                        + " argument per element, without spaces or control characters (e.g. [\"mtu\", \"1400\"])");
        assertThat(PppdExtraOptions.problems(List.of("novj\n"))).hasSize(1);
    }

    @Test
    void checkConfigNamesFileLineAndEveryRefusedOption() throws IOException {
        Path f = Files.writeString(
                dir.resolve("f.conf"),
                "failberry {\n  ppp {\n    extra-options = [novj, plugin,"
                        + " \"/tmp/x.so\", record, \"/etc/shadow\"]\n  }\n}\n");
        try {
            ConfigLoader.load(f);
            throw new AssertionError("accepted");
        } catch (InvalidConfigException e) {
            assertThat(e.problems())
                    .extracting(ConfigProblem::toString)
                    .containsExactly(
                            f
                                    + ":3: failberry.ppp.extra-options: option \"plugin\" is not allowed: it loads a program into pppd",
                            f + ":3: failberry.ppp.extra-options: option \"record\" is not allowed: it writes a file");
        }
    }
}
