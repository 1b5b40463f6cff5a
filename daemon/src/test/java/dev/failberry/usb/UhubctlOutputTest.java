package dev.failberry.usb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.usb.UhubctlReport.Kind;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines as uhubctl 2.0-2.6 prints them (uhubctl.c fprintf/perror calls), plus libusb's permission text. */
class UhubctlOutputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # uhubctl 2.4+ main(): usb_find_hubs() <= 0
            No compatible devices detected at location 1-1!\\nRun with -h to get usage info.                              | NO_DEVICES
            # uhubctl 2.0.0 wording
            No compatible smart hubs detected at location 1-1!\\nRun with -h to get usage info.                           | NO_DEVICES
            # 2.4+: usb_find_hubs() when libusb_open failed with LIBUSB_ERROR_ACCESS, then the no-devices line
            There were permission problems while accessing USB.\\nFollow https://git.io/JIB2Z for a fix!\\nNo compatible devices detected at location 1-1! | PERMISSION
            # 2.0.0 long form
            There were permission problems while accessing USB.\\nTo fix this, run this tool as root using 'sudo uhubctl', | PERMISSION
            libusb: error [_get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/001/002: Permission denied        | PERMISSION
            LIBUSB_ERROR_ACCESS: Access denied (insufficient permissions)                                                | PERMISSION
            Try running as root                                                                                           | PERMISSION
            # set_port_status_libusb(): perror("Failed to control port power!\\n")
            Failed to control port power!\\n: Broken pipe                                                                  | CONTROL_FAILED
            Failed to control port power!\\n: Operation not permitted                                                      | PERMISSION
            Error: changing port state for multiple hubs at once is not supported.\\nUse -l to limit operation to one hub! | MULTIPLE_HUBS
            Invalid command line syntax!\\nRun with -h to get usage info.                                                  | INVALID_ARGUMENTS
            Bad port spec 5-2, first port must be less than last                                                         | INVALID_ARGUMENTS
            uhubctl: invalid option -- 'x'                                                                                | INVALID_ARGUMENTS
            Error initializing USB!                                                                                       | USB_ERROR
            Cannot enumerate USB devices!                                                                                 | USB_ERROR
            cannot read port 2 status, Connection timed out (110)                                                         | USB_ERROR
            Reset failed!\\n: No such device                                                                               | USB_ERROR
            """)
    void classifiesUhubctlErrors(String text, Kind kind) {
        UhubctlReport r = UhubctlOutput.parse(text.replace("\\n", "\n"));
        assertThat(r.failure()).map(UhubctlReport.Problem::kind).isEqualTo(Optional.of(kind));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Current status for hub 1-1 [0424:9514, USB 2.00, 5 ports, ppps]\\n  Port 2: 0503 power highspeed enable connect [12d1:1506 HUAWEI_MOBILE HUAWEI_MOBILE]\\nSent power off request\\nNew status for hub 1-1 [0424:9514, USB 2.00, 5 ports, ppps]\\n  Port 2: 0000 off\\nSent power on request\\nNew status for hub 1-1 [0424:9514, USB 2.00, 5 ports, ppps]\\n  Port 2: 0100 power | 1 | 1
            Current status for hub 2 [1d6b:0003 Linux 6.1.21-v8+ xhci-hcd xHCI Host Controller 0000:01:00.0, USB 3.00, 4 ports, ganged]\\n  Port 1: 02a0 power 5gbps Rx.Detect\\nSent power off request\\nNew status for hub 2 [1d6b:0003 Linux 6.1.21-v8+ xhci-hcd xHCI Host Controller 0000:01:00.0, USB 3.00, 4 ports, ganged]\\n  Port 1: 0000 off | 1 | 0
            """)
    void successfulRunsHaveNoProblemsAndCountRequests(String text, int off, int on) {
        UhubctlReport r = UhubctlOutput.parse(text.replace("\\n", "\n"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.offRequests()).isEqualTo(off);
        assertThat(r.onRequests()).isEqualTo(on);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Failed to set port status by writing to /sys/bus/usb/devices/1-1:1.0/1-1-port2/disable (Permission denied).\\nFollow https://git.io/JIB2Z to make sure that udev is set up correctly.\\nFalling back to libusb based port control.\\nUse -S to skip trying the sysfs interface and printing this message.\\nSent power off request
            """)
    void sysfsFallbackIsOnlyAWarning(String text) {
        UhubctlReport r = UhubctlOutput.parse(text.replace("\\n", "\n"));
        assertThat(r.failure()).isEmpty();
        assertThat(r.warnings())
                .singleElement()
                .extracting(UhubctlReport.Problem::kind)
                .isEqualTo(Kind.SYSFS_FALLBACK);
        assertThat(r.offRequests()).isEqualTo(1);
    }
}
