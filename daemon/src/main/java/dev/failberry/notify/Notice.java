package dev.failberry.notify;

/**
 * One message to deliver on every channel: the (possibly folded) event, and the one-line text SMS and
 * chat presets use.
 *
 * @param id      unique per message and stable across retries: receivers can drop duplicates, and the
 *                SMS channel never sends one id twice to a number
 * @param dropped messages the rate limit dropped on this channel before this one (0 normally)
 */
public record Notice(String id, NotifyEvent event, String line, int dropped) {

    Notice withDropped(int n, String host) {
        return n == 0 ? this : new Notice(id, event.with("dropped_before", n), MessageText.line(event, host, n), n);
    }
}
