package dev.failberry.logging;

import org.slf4j.LoggerFactory;

/** Run in a child JVM by {@link LogSetupTest}: logs at every level, as the AWS SDK and the daemon do. */
public final class LogProbe {
    private LogProbe() {}

    public static void main(String[] args) {
        LoggerFactory.getLogger("software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain")
                .debug("Unable to load credentials", new IllegalStateException("a stack trace"));
        LoggerFactory.getLogger("dev.failberry.cli.Main").info("an info line");
        LoggerFactory.getLogger("dev.failberry.cli.Main").warn("a warning");
        System.out.println("answer");
    }
}
