package dev.failberry.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What kind of link the stick gives and how the daemon talks to it: {@code link.type},
 * {@code link.interface}, {@code modem.control} and {@code modem.hilink.*} (read together because each
 * only makes sense with the others; see reference.conf).
 *
 * @param interfaceName for {@link LinkType#ETHERNET}: the interface name, or {@code auto} (found by the
 *                      stick's USB id); for PPP: {@code ppp.interface} is the link's interface
 * @param control       resolved: {@code modem.control}, or the link type's default when not set
 * @param gateway       for {@link LinkType#ETHERNET}: the stick's address as the link's next hop, or empty for
 *                      {@code auto} (the DHCP router, else the HiLink API's host, else the subnet's first address)
 * @param addressTimeout how long the stick's interface may be there without a DHCP address before the stick
 *                      counts as not answering
 */
public record LinkConfig(
        LinkType type,
        String interfaceName,
        ModemControl control,
        Hilink hilink,
        Optional<String> gateway,
        Duration addressTimeout) {

    public enum LinkType {
        PPP,
        ETHERNET
    }

    public enum ModemControl {
        AT,
        HILINK,
        NONE
    }

    /**
     * @param url      the stick's web API, e.g. {@code http://192.168.8.1} (scheme, host, optional port)
     * @param username for sticks that require a login, with {@code password}
     * @param dmz      point the stick's DMZ at the Pi's address on the link
     * @param timeout  connect and read timeout of one API request
     */
    public record Hilink(URI url, Optional<String> username, Optional<Secret> password, boolean dmz, Duration timeout) {
        public boolean login() {
            return username.isPresent() && password.isPresent();
        }
    }

    public boolean ethernet() {
        return type == LinkType.ETHERNET;
    }

    public boolean autoInterface() {
        return "auto".equals(interfaceName);
    }
}
