package dev.failberry.dns;

import dev.failberry.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The reference dynamic-DNS function's {@code validation_hash}: lowercase hex SHA-256 of the UTF-8 text
 * {@code sourceIp + hostname + sharedSecret}, no separators (awslabs/route53-dynamic-dns-with-lambda,
 * lambda/index.py). The hostname is exactly what is sent as {@code ddns_hostname}.
 */
public final class ValidationHash {
    private ValidationHash() {}

    public static String of(String sourceIp, String hostname, Secret secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((sourceIp + hostname + secret.value()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
