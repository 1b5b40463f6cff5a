package dev.failberry.sim.modem;

import java.time.Instant;

/**
 * One SMS the simulated stick accepted (it answered {@code +CMGS: <mr>}).
 *
 * @param pduMode   sent in PDU mode ({@code AT+CMGF=0}) or text mode
 * @param payload   PDU mode: the hex PDU as given after the prompt, SMSC part included (decode it with
 *                  {@code SmsPduDecoder.decodeSubmit}); text mode: the text
 * @param number    text mode: the destination from {@code AT+CMGS="<da>"}; PDU mode: null (it is in the PDU)
 * @param reference the TP-MR the stick answered
 */
public record SentSms(SimPort port, boolean pduMode, String payload, String number, int reference, Instant at) {}
