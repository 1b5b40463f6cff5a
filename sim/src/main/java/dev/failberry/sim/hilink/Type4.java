package dev.failberry.sim.hilink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The stick's side of a password_type 4 login, written here apart from the client's
 * {@code dev.failberry.hilink.Scramble} so that a mistake in one is not mirrored in the other:
 * {@code base64(hex(sha256(user + base64(hex(sha256(password))) + token)))}.
 */
final class Type4 {
    private Type4() {}

    static String expected(String user, String password, String token) {
        String inner = Base64.getEncoder().encodeToString(hexSha(password).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(hexSha(user + inner + token).getBytes(StandardCharsets.US_ASCII));
    }

    private static String hexSha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
