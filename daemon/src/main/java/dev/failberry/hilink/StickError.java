package dev.failberry.hilink;

/**
 * An {@code <error><code>n</code></error>} reply of the HiLink API, classified. Codes from the
 * HiLink web UI's error table as public clients carry it (Salamek/huawei-lte-api
 * {@code enums/client.py}, {@code enums/user.py}; lkwg82/e3372-controller {@code ERROR_CODE.java}).
 *
 * @param code     the stick's code (0 when the refusal was not an error document, e.g. a redirect)
 * @param endpoint the API path that refused, e.g. {@code /api/device/control}
 * @param message  the stick's {@code <message>}, usually empty
 */
record StickError(int code, Kind kind, String endpoint, String message) {

    public enum Kind {
        /** 125001 wrong token, 125002 no or expired session, 125003 token already used or wrong. */
        TOKEN_INVALID,
        /** 100003: the request needs a login. */
        NO_RIGHTS,
        /** 108003: this session (or another client) is already logged in. */
        ALREADY_LOGGED_IN,
        /** 108001 unknown user, 108002/108006 wrong password: never retried with the same credentials. */
        WRONG_CREDENTIALS,
        /** 108007: too many failed logins, the stick refuses logins for a while. */
        LOGIN_BLOCKED,
        /** 100004: system busy. */
        BUSY,
        /** 100002, or a redirect/404 for an unknown API path: this firmware has no such endpoint. */
        NOT_SUPPORTED,
        /** Anything else; logged once with its code. */
        UNKNOWN;

        /** Pure mapping from the stick's numeric code. */
        public static Kind of(int code) {
            return switch (code) {
                case 125001, 125002, 125003 -> TOKEN_INVALID;
                case 100003 -> NO_RIGHTS;
                case 108003 -> ALREADY_LOGGED_IN;
                case 108001, 108002, 108006 -> WRONG_CREDENTIALS;
                case 108007 -> LOGIN_BLOCKED;
                case 100004 -> BUSY;
                case 100002 -> NOT_SUPPORTED;
                default -> UNKNOWN;
            };
        }
    }

    static StickError of(int code, String endpoint, String message) {
        return new StickError(code, Kind.of(code), endpoint, message == null ? "" : message);
    }

    /** The refused credentials, in either form: nothing the client does by itself can help. */
    public boolean credentials() {
        return kind == Kind.WRONG_CREDENTIALS || kind == Kind.LOGIN_BLOCKED;
    }

    /** One line for logs and status, e.g. {@code /api/device/control refused: 100003 (needs a login)}. */
    public String describe() {
        String what =
                switch (kind) {
                    case TOKEN_INVALID -> "session or token not valid";
                    case NO_RIGHTS -> "needs a login";
                    case ALREADY_LOGGED_IN -> "already logged in";
                    case WRONG_CREDENTIALS -> "wrong user name or password";
                    case LOGIN_BLOCKED -> "too many failed logins, the stick refuses logins for a while";
                    case BUSY -> "stick busy";
                    case NOT_SUPPORTED -> "not supported by this firmware";
                    case UNKNOWN -> "unknown error code";
                };
        return endpoint + " refused: " + (code == 0 ? "" : code + " ") + "(" + what + ")"
                + (message.isBlank() ? "" : ": " + HilinkXml.oneLine(message));
    }
}
