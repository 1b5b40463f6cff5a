package dev.failberry.cli;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Looks for AWS credentials before a command calls AWS, so that a missing key is one sentence naming
 * where keys go instead of the SDK's dump of every provider it tried.
 */
final class AwsCredentialCheck {
    static final String WHERE = "put them in /etc/failberry/aws-credentials (a [default] profile with"
            + " aws_access_key_id and aws_secret_access_key, mode 600; /usr/bin/failberry points the SDK at it),"
            + " or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a profile in ~/.aws/credentials";

    private AwsCredentialCheck() {}

    /** Empty when credentials resolve; otherwise the sentence that says where they go. */
    static Optional<String> missing(AwsCredentialsProvider provider) {
        try {
            provider.resolveCredentials();
            return Optional.empty();
        } catch (SdkException | IllegalStateException e) {
            return Optional.of("no AWS credentials found: " + WHERE);
        }
    }
}
