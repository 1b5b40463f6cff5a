package dev.failberry.usb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig.UsbPower;
import dev.failberry.config.FailberryConfig.UsbPowerMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiModelAdviceTest {

    static UsbPower usb(String location, String ports, String extra) {
        List<String> ex = extra.isBlank() ? List.of() : Arrays.asList(extra.split(" "));
        return new UsbPower(
                UsbPowerMethod.UHUBCTL,
                Path.of("/usr/sbin/uhubctl"),
                location,
                Arrays.stream(ports.split(" ")).map(Integer::valueOf).toList(),
                ex,
                Duration.ofSeconds(3),
                Optional.empty(),
                Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "{0} -l {1} -p {2} + [{3}] -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            Raspberry Pi 2 Model B Rev 1.1       | 1-1   | 2   |       | ''
            Raspberry Pi 2 Model B Rev 1.1       | 1-1   | 1   |       | powers Ethernet
            Raspberry Pi 2 Model B Rev 1.1       | 1-1   | 3   |       | does nothing
            Raspberry Pi Model B Plus Rev 1.2    | 1-1   | 1 2 |       | powers Ethernet
            Raspberry Pi 3 Model B Rev 1.2       | 1-1   | 2   |       | ''
            Raspberry Pi 3 Model B Rev 1.2       | 1-1   | 1   |       | powers Ethernet
            Raspberry Pi 3 Model B Plus Rev 1.3  | 1-1   | 2   |       | carries Ethernet
            Raspberry Pi 3 Model B Plus Rev 1.3  | 1-1.1 | 2   |       | ''
            Raspberry Pi 3 Model B Plus Rev 1.3  | 1-1.1 | 1   |       | never switch it
            Raspberry Pi 4 Model B Rev 1.4       | 1-1   | 2   |       | both are off
            Raspberry Pi 4 Model B Rev 1.4       | 2     | 1   |       | both are off
            Raspberry Pi 4 Model B Rev 1.4       | 1-1   | 2   | 2     | ''
            Raspberry Pi 5 Model B Rev 1.0       | 2     | 1   |       | both are off
            Raspberry Pi 5 Model B Rev 1.0       | 2     | 1   | 4     | ''
            Raspberry Pi 5 Model B Rev 1.0       | 3     | 1   | 5     | ''
            Raspberry Pi Zero W Rev 1.1          | 1     | 1   |       | ''
            Generic x86 PC                       | 1-1   | 1   |       | ''
            """)
    void warnsAboutDangerousOrUselessSettings(
            String model, String location, String ports, String extra, String expected) {
        List<String> w = PiModelAdvice.warnings(model, usb(location, ports, extra == null ? "" : extra));
        if (expected.isEmpty()) {
            assertThat(w).isEmpty();
        } else {
            assertThat(w).singleElement().asString().startsWith(model).contains(expected);
        }
    }

    @Test
    void noAdviceWhenUhubctlIsNotUsed() {
        UsbPower none = new UsbPower(
                UsbPowerMethod.NONE,
                Path.of("/usr/sbin/uhubctl"),
                "1-1",
                List.of(1),
                List.of(),
                Duration.ofSeconds(3),
                Optional.empty(),
                Duration.ofSeconds(60));
        assertThat(PiModelAdvice.warnings("Raspberry Pi 2 Model B Rev 1.1", none))
                .isEmpty();
    }

    @Test
    void readsTheDeviceTreeModelWithoutItsNul(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("model");
        Files.write(f, "Raspberry Pi 3 Model B Plus Rev 1.3\0".getBytes());
        assertThat(PiModelAdvice.readModel(f)).contains("Raspberry Pi 3 Model B Plus Rev 1.3");
        assertThat(PiModelAdvice.readModel(tmp.resolve("absent"))).isEmpty();
    }
}
