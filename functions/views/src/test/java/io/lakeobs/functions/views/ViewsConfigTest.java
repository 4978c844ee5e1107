package io.lakeobs.functions.views;

import io.lakeobs.functions.core.catalog.TableNames;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Integer settings from the environment: blank means the default, a non-number is refused by name. */
class ViewsConfigTest {
    private static final TableNames TABLES = TableNames.withPrefix("t-");

    @Test
    void integerSettingsAreReadAndBlankMeansTheDefault() {
        final ViewsConfig defaults = ViewsConfig.defaults(TABLES, "b");
        final ViewsConfig config = ViewsConfig.fromEnv(
            Map.of(ViewsConfig.LATENESS_SECONDS, " 90 ", ViewsConfig.LOOKBACK_MINUTES, ""), TABLES, "b");
        assertThat(config.lateness()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.lookback()).isEqualTo(defaults.lookback());
    }

    @Test
    void aNonNumberIsRefusedNamingTheVariableAndItsValue() {
        assertThatThrownBy(() -> ViewsConfig.fromEnv(Map.of(ViewsConfig.MAX_WINDOWS_PER_RUN, "ten"), TABLES, "b"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(ViewsConfig.MAX_WINDOWS_PER_RUN + " must be an integer, was 'ten'");
    }
}
