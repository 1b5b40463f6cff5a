package dev.failberry.sim.ppp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny scripted AT responder for dial tests: reads commands terminated by CR and answers
 * {@code \r\n<reply>\r\n} (no echo, as after ATE0). The default answers OK to AT, ATE0 and +CGDCONT, and
 * {@code dialReply} to ATD (null = silence). Runs on its own daemon thread until the input ends.
 */
public final class ScriptedModem {
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Function<String, String> replies;

    public ScriptedModem(Function<String, String> replies) {
        this.replies = replies;
    }

    /** OK for the init commands, {@code dialReply} for ATD. */
    public static ScriptedModem dialing(String dialReply) {
        return new ScriptedModem(cmd -> {
            String c = cmd.toUpperCase();
            if (c.startsWith("ATD")) {
                return dialReply;
            }
            if (c.equals("AT") || c.equals("ATE0") || c.startsWith("AT+CGDCONT=")) {
                return "OK";
            }
            return "ERROR";
        });
    }

    public List<String> commands() {
        return commands;
    }

    public ScriptedModem serve(InputStream in, OutputStream out) {
        Thread t = new Thread(
                () -> {
                    StringBuilder line = new StringBuilder();
                    try {
                        int b;
                        while ((b = in.read()) >= 0) {
                            if (b == '\r') {
                                String cmd = line.toString().strip();
                                line.setLength(0);
                                if (cmd.isEmpty()) {
                                    continue;
                                }
                                commands.add(cmd);
                                String reply = replies.apply(cmd);
                                if (reply != null) {
                                    out.write(("\r\n" + reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                                    out.flush();
                                }
                            } else if (b != '\n') {
                                line.append((char) b);
                            }
                        }
                    } catch (IOException ignored) {
                        // the other side went away
                    }
                },
                "scripted-modem");
        t.setDaemon(true);
        t.start();
        return this;
    }
}
