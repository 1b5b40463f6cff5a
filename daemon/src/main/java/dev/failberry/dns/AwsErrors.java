package dev.failberry.dns;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts SDK exceptions into retryable and permanent {@link DnsException}s with a one-line reason.
 * Pure: the decision depends only on the error code, the HTTP status and the exception type.
 */
final class AwsErrors {
    /** Codes that no amount of retrying fixes: the configuration or the IAM policy must change. */
    private static final Set<String> PERMANENT = Set.of(
            "AccessDenied",
            "AccessDeniedException",
            "NoSuchHostedZone",
            "InvalidChangeBatch",
            "InvalidInput",
            "InvalidClientTokenId",
            "SignatureDoesNotMatch",
            "UnrecognizedClientException",
            "MissingAuthenticationToken",
            "IncompleteSignature",
            "NotAuthorizedException",
            "ResourceNotFoundException",
            "InvalidParameterValueException",
            "RequestTooLargeException",
            "InvalidRequestContentException",
            "NoSuchHealthCheck",
            "HealthCheckAlreadyExists",
            "TooManyHealthChecks",
            "InvalidDomainName",
            "InvalidArgument",
            "OptInRequired",
            // CloudWatch (PutMetricData, PutMetricAlarm): a bad namespace or dimension, too many alarms
            "InvalidParameterValue",
            "InvalidParameterCombination",
            "MissingParameter",
            "LimitExceeded");

    private static final Set<String> THROTTLED = Set.of(
            "Throttling",
            "ThrottlingException",
            "PriorRequestNotComplete",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "ProvisionedThroughputExceededException",
            "EC2ThrottledException",
            "ConcurrentModification");

    private AwsErrors() {}

    public static DnsException classify(String operation, SdkException e) {
        if (e instanceof AwsServiceException s) {
            String code =
                    s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String message =
                    s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
            int status = s.statusCode();
            String reason = operation + " failed: " + (code == null ? "HTTP " + status : code)
                    + (message == null || message.isBlank() ? "" : " (" + oneLine(message) + ")");
            if (code != null && THROTTLED.contains(code) || status == 429 || s.isThrottlingException()) {
                return new DnsException(DnsException.Kind.THROTTLED, reason);
            }
            if (code != null && PERMANENT.contains(code)) {
                return new DnsException(DnsException.Kind.PERMANENT, reason + hint(code));
            }
            if (status >= 500 || "ExpiredToken".equals(code) || "RequestExpired".equals(code)) {
                return new DnsException(DnsException.Kind.SERVER, reason);
            }
            return new DnsException(DnsException.Kind.PERMANENT, reason);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new DnsException(DnsException.Kind.NETWORK, operation + " timed out: " + oneLine(e.getMessage()));
        }
        if (e instanceof SdkClientException && isCredentialsProblem(e)) {
            return new DnsException(
                    DnsException.Kind.PERMANENT,
                    operation + " failed: no usable AWS credentials (" + oneLine(e.getMessage()) + ")");
        }
        Throwable io = rootIo(e);
        String detail = io != null
                ? io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage())
                : e.getMessage();
        return new DnsException(
                DnsException.Kind.NETWORK, operation + " could not reach the endpoint: " + oneLine(detail));
    }

    private static boolean isCredentialsProblem(Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("unable to load credentials") || m.contains("credentials") && m.contains("provider");
    }

    private static Throwable rootIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
    }

    private static String hint(String code) {
        return switch (code) {
            case "AccessDenied", "AccessDeniedException", "NotAuthorizedException" ->
                "; check the IAM policy (deploy/aws/iam-policy.json)";
            case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException" ->
                "; check the AWS credentials";
            case "NoSuchHostedZone" -> "; check dns.route53.hosted-zone-id";
            case "ResourceNotFoundException" -> "; check dns.lambda.function-name and aws.region";
            default -> "";
        };
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
