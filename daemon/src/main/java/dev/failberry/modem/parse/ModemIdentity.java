package dev.failberry.modem.parse;

/**
 * What a modem says about itself. Every field may be {@code null} when not (yet) known; build it up
 * from {@code ATI} and the {@code +CGMI/+CGMM/+CGMR/+CGSN/+CIMI} replies with the {@code with...}
 * methods.
 *
 * @param manufacturer e.g. {@code "huawei"}
 * @param model        e.g. {@code "E1550"}
 * @param revision     firmware revision
 * @param imei         15 digit IMEI (14-16 digits accepted), {@code null} if invalid or unknown
 * @param imsi         subscriber identity of the SIM, 6-15 digits
 */
public record ModemIdentity(String manufacturer, String model, String revision, String imei, String imsi) {

    /** An identity with nothing known. */
    public static ModemIdentity empty() {
        return new ModemIdentity(null, null, null, null, null);
    }

    /** A copy with {@code manufacturer} replaced. */
    public ModemIdentity withManufacturer(String manufacturer) {
        return new ModemIdentity(manufacturer, model, revision, imei, imsi);
    }

    /** A copy with {@code model} replaced. */
    public ModemIdentity withModel(String model) {
        return new ModemIdentity(manufacturer, model, revision, imei, imsi);
    }

    /** A copy with {@code revision} replaced. */
    public ModemIdentity withRevision(String revision) {
        return new ModemIdentity(manufacturer, model, revision, imei, imsi);
    }

    /** A copy with {@code imei} replaced. */
    public ModemIdentity withImei(String imei) {
        return new ModemIdentity(manufacturer, model, revision, imei, imsi);
    }

    /** A copy with {@code imsi} replaced. */
    public ModemIdentity withImsi(String imsi) {
        return new ModemIdentity(manufacturer, model, revision, imei, imsi);
    }

    /**
     * Fills every field that is {@code null} here from {@code other}; known fields win. Use it to
     * combine an {@code ATI} identity with the answers of the individual commands.
     */
    public ModemIdentity orElse(ModemIdentity other) {
        return new ModemIdentity(
                manufacturer != null ? manufacturer : other.manufacturer,
                model != null ? model : other.model,
                revision != null ? revision : other.revision,
                imei != null ? imei : other.imei,
                imsi != null ? imsi : other.imsi);
    }
}
