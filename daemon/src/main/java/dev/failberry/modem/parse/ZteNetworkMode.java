package dev.failberry.modem.parse;

/**
 * ZTE {@code +ZPAS} / {@code +ZPASR} network mode.
 *
 * @param network       the network name as sent, e.g. {@code "GPRS/EDGE"}, {@code "No Service"}
 * @param serviceDomain {@code "CS_ONLY"}, {@code "PS_ONLY"}, {@code "CS_PS"} or {@code "CAMPED"};
 *                      {@code null} for {@code +ZPASR}, which sends none
 * @param act           best technology the name mentions
 */
public record ZteNetworkMode(String network, String serviceDomain, AccessTechnology act) {

    /** True unless the stick reports no or limited service. */
    public boolean hasService() {
        return act != AccessTechnology.UNKNOWN;
    }
}
