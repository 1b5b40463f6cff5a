package dev.failberry.sim.aws;

/** The API operations {@link LoopbackAws} understands, used to script faults and to count calls. */
public enum Operation {
    CHANGE_RRSETS(true),
    LIST_RRSETS(false),
    GET_CHANGE(false),
    CREATE_HEALTH_CHECK(true),
    LIST_HEALTH_CHECKS(false),
    GET_HEALTH_CHECK(false),
    /** Lambda {@code Invoke} over the SDK. */
    INVOKE(true),
    /** A POST to the reference function's URL (get or set). */
    FUNCTION_URL(true),
    /** CloudWatch (Smithy RPC v2 CBOR). */
    PUT_METRIC_DATA(true),
    PUT_METRIC_ALARM(true),
    DESCRIBE_ALARMS(false),
    DELETE_ALARMS(true),
    UNKNOWN(false);

    private final boolean mutating;

    Operation(boolean mutating) {
        this.mutating = mutating;
    }

    /** True for calls that may change something (a dry run must issue none). */
    public boolean mutating() {
        return mutating;
    }
}
