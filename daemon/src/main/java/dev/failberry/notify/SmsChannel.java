package dev.failberry.notify;

import dev.failberry.modem.sms.SmsDialogue;
import dev.failberry.modem.sms.SmsOutcome;
import dev.failberry.modem.sms.SmsTransport;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMS to each configured number through the modem ({@link SmsTransport}). A notice is delivered once
 * per number: a number that got it ({@code +CMGS:} seen) is never sent it again, however often the
 * notice is retried for another number; a number the network refuses for good is not retried either.
 */
public final class SmsChannel implements NotifyChannel {
    public static final String NAME = "sms";
    private static final int REMEMBERED = 64;

    private enum Done {
        SENT,
        REFUSED
    }

    private final List<String> numbers;
    private final SmsTransport transport;
    /** Per notice id, the numbers that are done with it; the oldest are forgotten beyond 64 notices. */
    private final Map<String, Map<String, Done>> done = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Done>> eldest) {
            return size() > REMEMBERED;
        }
    };

    public SmsChannel(List<String> numbers, SmsTransport transport) {
        this.numbers = List.copyOf(numbers);
        this.transport = transport;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String target() {
        return numbers.size() == 1 ? "1 number" : numbers.size() + " numbers";
    }

    /** The modem's AT port opened: a message waiting for it may go now. */
    @Override
    public void whenReady(Runnable ready) {
        transport.whenPortOpens(ready);
    }

    @Override
    public Delivery deliver(Notice notice) {
        Map<String, Done> state = done.computeIfAbsent(notice.id(), k -> new HashMap<>());
        String retryReason = null;
        String refusedReason = null;
        for (int i = 0; i < numbers.size(); i++) {
            String number = numbers.get(i);
            if (state.containsKey(number)) {
                continue;
            }
            String who = numbers.size() == 1 ? "" : "number " + (i + 1) + " of " + numbers.size() + ": ";
            SmsOutcome outcome = transport.run(SmsDialogue.of(number, notice.line()));
            if (outcome instanceof SmsOutcome.Sent) {
                state.put(number, Done.SENT);
            } else if (outcome instanceof SmsOutcome.Waiting w) {
                return new Delivery.Waiting(w.reason());
            } else if (outcome instanceof SmsOutcome.Failed f && f.retryable()) {
                retryReason = retryReason == null ? who + f.reason() : retryReason;
            } else if (outcome instanceof SmsOutcome.Failed f) {
                state.put(number, Done.REFUSED);
                refusedReason = refusedReason == null ? who + f.reason() : refusedReason;
            }
        }
        if (retryReason != null) {
            return new Delivery.Retry(retryReason);
        }
        done.remove(notice.id());
        if (refusedReason != null && !state.containsValue(Done.SENT)) {
            return new Delivery.Failed(refusedReason);
        }
        return refusedReason == null ? new Delivery.Sent() : new Delivery.Failed("partly delivered; " + refusedReason);
    }
}
