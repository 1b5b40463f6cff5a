package dev.failberry.modem.parse;

/**
 * How many attempts the SIM has left for each of its codes, as the modem reports them; {@code null} where
 * the reply did not say.
 *
 * @param pin  SIM PIN attempts left (3 on a fresh SIM; 0 means the SIM now wants its PUK)
 * @param puk  SIM PUK attempts left (usually 10; 0 means the SIM is blocked for good)
 * @param pin2 SIM PIN2 attempts left
 * @param puk2 SIM PUK2 attempts left
 */
public record PinRetries(Integer pin, Integer puk, Integer pin2, Integer puk2) {}
