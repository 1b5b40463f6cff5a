package dev.failberry.ppp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records everything the ppp components report, in order. */
final class RecordingPppListener implements PppListener {
    record Redial(int attempt, Duration delay) {}

    record IpChange(LinkInfo previous, LinkInfo current) {}

    record Degraded(ProbeResult result, String reason) {}

    final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void linkUp(LinkInfo link) {
        events.add(link);
    }

    @Override
    public void linkDown(LinkDown down) {
        events.add(down);
    }

    @Override
    public void ipChanged(LinkInfo previous, LinkInfo current) {
        events.add(new IpChange(previous, current));
    }

    @Override
    public void redialScheduled(int attempt, Duration delay) {
        events.add(new Redial(attempt, delay));
    }

    @Override
    public void probeResult(ProbeResult result) {
        events.add(result);
    }

    @Override
    public void linkVerified(ProbeResult result) {
        events.add("verified");
    }

    @Override
    public void linkDegraded(ProbeResult result, String reason) {
        events.add(new Degraded(result, reason));
    }

    @Override
    public void publicIp(PublicIpInfo info) {
        events.add(info);
    }

    @Override
    public void dataUsageSampled(DataUsageSnapshot usage) {
        events.add(usage);
    }

    <T> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T> T last(Class<T> type) {
        List<T> list = all(type);
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }
}
