package dev.failberry.hilink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The password as {@code /api/user/login} wants it; pure. {@code password_type} 4 (E3372 22.x and
 * 10.x firmwares): {@code base64(hex(sha256(username + base64(hex(sha256(password))) + token)))}, with
 * lower-case hex, the token being the {@code __RequestVerificationToken} sent with the login request.
 * Other types: {@code base64(password)}. Verified against Salamek/huawei-lte-api {@code api/User.py}
 * and RaspAP's {@code huawei_hilink_api.sh} (zbchristian), which compute the same.
 */
final class Scramble {
    private Scramble() {}

    static String password(int passwordType, String username, String password, String token) {
        if (passwordType != 4) {
            return b64(password.getBytes(StandardCharsets.UTF_8));
        }
        String inner =
                b64(hex(sha256(password.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII));
        byte[] all = (username + inner + token).getBytes(StandardCharsets.UTF_8);
        return b64(hex(sha256(all)).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
