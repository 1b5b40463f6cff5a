package dev.failberry.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget state on disk: survives a restart, a corrupt file is set aside once and blocks nothing open. */
class BudgetStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-10T08:00:00Z");
    private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aBlockedStateSurvivesARestart() throws Exception {
        BudgetStore store = new BudgetStore(dir.resolve("budget.properties"), () -> NOW);
        BudgetState blocked = new BudgetState(DEC, true, true, 5_000_000_000L, BudgetState.Override.BLOCKED);
        assertThat(store.save(blocked)).isNull();
        assertThat(new BudgetStore(dir.resolve("budget.properties"), () -> NOW).load())
                .isEqualTo(blocked);
        // written with AtomicFile: no temporary file left beside it
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("budget.properties");
        }
    }

    @Test
    void noFileIsAFreshStart() {
        assertThat(new BudgetStore(dir.resolve("budget.properties"), () -> NOW).load())
                .isEqualTo(BudgetState.fresh(null));
    }

    @Test
    void aCorruptFileIsSetAsideAndCountingStartsOver() throws Exception {
        Path file = dir.resolve("budget.properties");
        int[] second = {0};
        for (String bad : new String[] {
            "period=yesterday\nwarned=true\ncapped=true\ncapped_at_cap=1\noverride=none\n",
            "period=\nwarned=maybe\ncapped=true\ncapped_at_cap=1\noverride=none\n",
            "period=\nwarned=true\ncapped=true\ncapped_at_cap=1\noverride=sometimes\n",
            "period=\nwarned=true\n",
            "\u0000\u0001garbage"
        }) {
            Files.writeString(file, bad);
            second[0]++;
            assertThat(new BudgetStore(file, () -> NOW.plusSeconds(second[0])).load())
                    .as(bad)
                    .isEqualTo(BudgetState.fresh(null));
            assertThat(file).doesNotExist();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("budget.properties")))
                    .hasSize(5);
        }
    }

    @Test
    void aFailedSaveIsReported() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        BudgetStore store = new BudgetStore(notADir.resolve("budget.properties"), () -> NOW);
        assertThat(store.save(BudgetState.fresh(DEC))).isNotNull();
    }
}
