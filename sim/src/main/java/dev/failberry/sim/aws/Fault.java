package dev.failberry.sim.aws;

/** Scripted failures, rendered in the protocol of the operation they hit (Route53 XML, Lambda JSON, function URL). */
public enum Fault {
    THROTTLING(400, "Throttling", "Rate exceeded"),
    PRIOR_REQUEST_NOT_COMPLETE(
            400,
            "PriorRequestNotComplete",
            "The request was rejected because Route 53 was still processing a prior request."),
    ACCESS_DENIED(
            403,
            "AccessDenied",
            "User: arn:aws:iam::123456789012:user/failberry is not authorized to perform this action"),
    NO_SUCH_HOSTED_ZONE(404, "NoSuchHostedZone", "No hosted zone found with the given ID"),
    INVALID_CHANGE_BATCH(
            400, "InvalidChangeBatch", "[RRSet of type CNAME conflicts with other records with the same DNS name]"),
    INVALID_CLIENT_TOKEN(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
    SERVER_ERROR(500, "InternalFailure", "We encountered an internal error. Please try again."),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service unavailable"),
    /** Lambda's 429 ({@code TooManyRequestsException}); a 429 status elsewhere. */
    TOO_MANY_REQUESTS(429, "TooManyRequestsException", "Rate exceeded"),
    /** Lambda: the function itself failed (HTTP 200 with {@code X-Amz-Function-Error: Unhandled}). */
    FUNCTION_ERROR(200, "Unhandled", "Route53 ChangeResourceRecordSets failed inside the function");

    final int status;
    final String code;
    final String message;

    Fault(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    /** The JSON protocol's name of the error (Lambda). */
    String lambdaCode() {
        return switch (this) {
            case THROTTLING, PRIOR_REQUEST_NOT_COMPLETE, TOO_MANY_REQUESTS -> "TooManyRequestsException";
            case ACCESS_DENIED -> "AccessDeniedException";
            case NO_SUCH_HOSTED_ZONE -> "ResourceNotFoundException";
            case INVALID_CHANGE_BATCH -> "InvalidRequestContentException";
            case INVALID_CLIENT_TOKEN -> "UnrecognizedClientException";
            case SERVER_ERROR, SERVICE_UNAVAILABLE, FUNCTION_ERROR -> "ServiceException";
        };
    }

    /** CloudWatch's (query-compatible) name of the error. */
    String cloudWatchCode() {
        return switch (this) {
            case THROTTLING, PRIOR_REQUEST_NOT_COMPLETE, TOO_MANY_REQUESTS -> "Throttling";
            case ACCESS_DENIED -> "AccessDenied";
            case NO_SUCH_HOSTED_ZONE, INVALID_CHANGE_BATCH -> "InvalidParameterValue";
            case INVALID_CLIENT_TOKEN -> "InvalidClientTokenId";
            case SERVER_ERROR, FUNCTION_ERROR -> "InternalServiceError";
            case SERVICE_UNAVAILABLE -> "ServiceUnavailable";
        };
    }

    int lambdaStatus() {
        return this == THROTTLING || this == PRIOR_REQUEST_NOT_COMPLETE ? 429 : status;
    }
}
