package dev.failberry.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Seeds and mutations for the AT fuzzers: real replies as the project's tests capture them (echo,
 * {@code \r\r\n}, NULs, URCs between info lines, CME errors, CONNECT, V0 codes), and a mutator that
 * flips, inserts, deletes, duplicates and splices bytes, and drops in framing bytes, URCs, final
 * results and over-long runs.
 */
final class AtCorpus {
    private AtCorpus() {}

    /** Real replies from AtResponseParserTest, AtPortIntegrationTest and the modem simulator. */
    static final List<String> REPLIES = List.of(
            "AT+CSQ\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n",
            "\r\nE1550\r\n\r\nOK\r\n",
            "ATI\r\r\nManufacturer: huawei\r\nModel: E1550\r\nRevision: 11.608.09.01.21\r\n"
                    + "IMEI: 235012412595195\r\n+GCAP: +CGSM,+FCLASS,+DS\r\n\r\nOK\r\n",
            "\0\0\u00ff\u00fe\u0001AT+CSQ\r\0\r\r\n\u0080+CSQ: 9,99\r\r\n\r\r\nOK\r\r\n",
            "xx#AT+CGMI\r\r\nZTE INCORPORATED\r\n\r\nOK\r\n",
            "\r\n+CSQ: 17,99\r\n\r\n^RSSI:17\r\n\r\n+ZUSIMR:2\r\n\r\nOK\r\n",
            "\r\n+COPS: 0,0,\"vodafone ES\",2\r\n\r\n+CREG: 1,\"1F00\",\"79D903\",7\r\n\r\nOK\r\n",
            "\r\n+CREG: 2,1,\"1234\",\"001122BB\"\r\n\r\nOK\r\n",
            "\r\n+CGREG: 5\r\n\r\n+CREG: 0,5\r\n\r\nOK\r\n",
            "\r\n^BOOT:35323129,0,0,0,26\r\n\r\nRING\r\n\r\n+ZEND\r\n\r\n+CMTI: \"SM\",3\r\n",
            "\r\n+CME ERROR: 10\r\n",
            "\r\n+CME ERROR: SIM not inserted\r\n",
            "\r\n+CME ERROR:\r\n",
            "\r\n+CMS ERROR: 500\r\n",
            "\r\nMODEM ERROR: 5\r\n",
            "\r\nCOMMAND NOT SUPPORT\r\n",
            "\r\nCONNECT 7200000\r\n",
            "\r\nCONNECT\r\n",
            "\r\nNO CARRIER\r\n",
            "\r\nBUSY\r\n\r\nNO ANSWER\r\n\r\nNO DIALTONE\r\n",
            "ATZ\r0\r",
            "+CSQ: 17,99\r\n0\r",
            "ATD*99#\r1\r",
            "\r\nERROR\r\n",
            "\r\n^SYSINFOEX:2,3,0,1,,3,\"WCDMA\",41,\"WCDMA\"\r\n\r\nOK\r\n",
            "\r\n^DSFLOWRPT:00000D2A,00000000,00000000,0000000000021E10,0000000000081D1A,0003E800,0003E800\r\n",
            "\r\n+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n",
            "\r\n+CPIN: READY\r\n\r\nOK\r\n",
            "\r\n+ZPAS: \"LTE\",\"PS_ONLY\"\r\n\r\nOK\r\n",
            "\r\n89014103211118510720\r\n\r\nOK\r\n",
            "\r\n+QIND: SMS DONE\r\n\r\nOK\r\n",
            "\r\n" + "X".repeat(500) + "\r\n11.608\r\n\r\nOK\r\n");

    /** Lines worth splicing in anywhere. */
    static final List<String> LINES = List.of(
            "OK",
            "ERROR",
            "+CME ERROR: 14",
            "+CME ERROR:",
            "CONNECT 150000000",
            "NO CARRIER",
            "RING",
            "+ZEND",
            "^RSSI:12",
            "+CREG: 1",
            "+CGREG: 0,1",
            "^MODE:5,4",
            "0",
            "4",
            "AT+CSQ",
            "AT",
            "+CSQ: 99,99",
            "> ",
            "\t",
            " OK ",
            "ok");

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One mutation step. */
    private record Mutation(int kind, double where, double extent, int value, int pick) {
        byte[] apply(byte[] in) {
            int at = (int) (where * (in.length + 1));
            at = Math.min(at, in.length);
            List<Byte> out = new ArrayList<>(in.length + 16);
            for (byte b : in) {
                out.add(b);
            }
            switch (kind) {
                case 0 -> { // flip a byte
                    if (!out.isEmpty()) {
                        int i = Math.min(at, out.size() - 1);
                        out.set(i, (byte) (out.get(i) ^ (1 << (value & 7))));
                    }
                }
                case 1 -> out.add(at, (byte) value); // insert any byte
                case 2 -> { // delete a range
                    int n = Math.min(out.size() - at, (int) (extent * 16));
                    for (int k = 0; k < n; k++) {
                        out.remove(at);
                    }
                }
                case 3 -> { // duplicate a range
                    int n = Math.min(out.size() - at, (int) (extent * 64));
                    out.addAll(at, new ArrayList<>(out.subList(at, at + n)));
                }
                case 4 ->
                    insert(
                            out,
                            at,
                            List.of("\r\n", "\r\r\n", "\r", "\n", "\0", "\0\0\0", "\u00ff", "\t")
                                    .get(pick % 8));
                case 5 -> insert(out, at, "\r\n" + LINES.get(pick % LINES.size()) + "\r\n");
                case 6 -> insert(out, at, REPLIES.get(pick % REPLIES.size())); // splice another reply
                case 7 ->
                    insert(out, at, String.valueOf((char) ('!' + pick % 90)).repeat(1 + (int) (extent * 9000)));
                default -> throw new IllegalStateException();
            }
            byte[] r = new byte[out.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = out.get(i);
            }
            return r;
        }

        private static void insert(List<Byte> out, int at, String s) {
            List<Byte> add = new ArrayList<>();
            for (byte b : bytes(s)) {
                add.add(b);
            }
            out.addAll(at, add);
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 1000))
                .as(Mutation::new);
    }

    /** A real reply (or a few in a row) with up to 12 mutations applied. */
    static Arbitrary<byte[]> mutatedReplies() {
        Arbitrary<String> seeds =
                Arbitraries.of(REPLIES).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
        return Combinators.combine(seeds, mutation().list().ofMaxSize(12)).as((seed, ms) -> {
            byte[] b = bytes(seed);
            for (Mutation m : ms) {
                b = m.apply(b);
            }
            return b;
        });
    }

    /**
     * Bytes of any value, biased towards AT-ish characters and framing bytes. Drawn from a seeded
     * {@link java.util.Random} (cheap for 10 KB streams); jqwik shrinks the length and the seed.
     */
    static Arbitrary<byte[]> randomBytes() {
        byte[] framing = bytes("\r\n\0 ,\":+^");
        return Combinators.combine(Arbitraries.integers().between(0, 12_000), Arbitraries.longs())
                .as((n, seed) -> {
                    java.util.Random r = new java.util.Random(seed);
                    byte[] b = new byte[n];
                    for (int i = 0; i < n; i++) {
                        int k = r.nextInt(12);
                        b[i] = k < 3
                                ? (byte) r.nextInt(256)
                                : k < 6 ? framing[r.nextInt(framing.length)] : (byte) (' ' + r.nextInt(95));
                    }
                    return b;
                });
    }

    /** Either kind of stream. */
    static Arbitrary<byte[]> streams() {
        return Arbitraries.oneOf(mutatedReplies(), randomBytes());
    }

    /** Chunk sizes for splitting a stream, cycled through: mostly small, sometimes large. */
    static Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 8)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(9, 300)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(301, 20_000)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(20);
    }
}
