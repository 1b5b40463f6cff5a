package dev.failberry.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "chromium|chromium promtool|true",
                "promtool|chromium promtool|true",
                "promtool|chromium,promtool|true",
                "promtool| promtool |true",
                "chromium|promtool|false",
                "chrom|chromium|false",
                "chromium|NULL|false",
                "chromium|''|false"
            })
    void aToolIsRequiredWhenCiRunNamesIt(String tool, String env, boolean required) {
        assertThat(Tools.required(tool, env)).isEqualTo(required);
    }
}
