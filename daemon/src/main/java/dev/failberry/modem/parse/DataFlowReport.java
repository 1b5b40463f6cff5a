package dev.failberry.modem.parse;

import java.time.Duration;

/**
 * Huawei {@code ^DSFLOWRPT} data session report, sent every two seconds while a PPP or NDIS session
 * is up.
 *
 * @param connected      time since the session came up
 * @param txRate         current upload rate, bytes per second
 * @param rxRate         current download rate, bytes per second
 * @param txBytes        bytes sent in this session
 * @param rxBytes        bytes received in this session
 * @param qosTxRate      negotiated upload rate, bytes per second
 * @param qosRxRate      negotiated download rate, bytes per second
 */
public record DataFlowReport(
        Duration connected, long txRate, long rxRate, long txBytes, long rxBytes, long qosTxRate, long qosRxRate) {}
