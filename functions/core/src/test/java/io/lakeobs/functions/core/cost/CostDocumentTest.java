package io.lakeobs.functions.core.cost;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** docs/cost.md is what CostModel computes from the measured inputs and the list prices; the model adds up. */
class CostDocumentTest {
    @Test
    void theCommittedPageIsWhatTheModelComputes() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("sam-template.yaml"))) {
            root = root.getParent();
            assertThat(root).as("the repository root above the working directory").isNotNull();
        }
        assertThat(Files.readString(root.resolve("docs/cost.md"), StandardCharsets.UTF_8))
            .as("docs/cost.md is stale: run make cost-doc").isEqualTo(CostDocument.render(CostInputs.MEASURED));
    }

    @Test
    void linesFollowTheInputsAndPrices() {
        final CostModel model = new CostModel(CostInputs.MEASURED);
        final CostModel.Estimate all = model.estimate(1e9, CostModel.Retention.KEEP_ALL_90_DAYS);
        final double blocks = 1e9 * 9.03 / 1_301_417;
        assertThat(all.lines().get(0).usd()).isCloseTo(blocks / 1000 * ListPrices.S3_PUT_PER_THOUSAND, within(1e-9));
        // raw storage: a month's bytes held 90 days = 3 months' worth
        assertThat(line(all, "S3 storage: raw blocks")).isCloseTo(1e9 * 9.03 / ListPrices.GB * 3 * 0.023, within(1e-9));
        final CostModel.Estimate sampled = model.estimate(1e9, CostModel.Retention.SAMPLED);
        // sampled: 7 days of everything, then 10 % for the other 83 days
        assertThat(line(sampled, "S3 storage: raw blocks")).isCloseTo(1e9 * 9.03 / ListPrices.GB * (7 + 0.1 * 83) / 30 * 0.023,
            within(1e-9));
        assertThat(line(sampled, "Lambda GB-s: views ETL (measured CPU per row)"))
            .isCloseTo(line(all, "Lambda GB-s: views ETL (measured CPU per row)") / 10, within(1e-9));
        // fixed costs do not grow with volume; the total is the sum of its lines
        final CostModel.Estimate ten = model.estimate(10e9, CostModel.Retention.SAMPLED);
        assertThat(line(ten, "Scheduled invocations: views each minute, sampler each 5 min, retention hourly (fixed)"))
            .isEqualTo(line(sampled, "Scheduled invocations: views each minute, sampler each 5 min, retention hourly (fixed)"));
        assertThat(sampled.total()).isCloseTo(sampled.lines().stream().mapToDouble(CostModel.Line::usd).sum(), within(1e-12));
        assertThat(sampled.total()).isLessThan(all.total());
        assertThat(CostModel.reference(449e9)).isCloseTo(1_100, within(1e-9));
    }

    @Test
    void badVolumesAndRetentionsAreRefused() {
        final CostModel model = new CostModel(CostInputs.MEASURED);
        assertThatThrownBy(() -> model.estimate(0, CostModel.Retention.SAMPLED)).hasMessageContaining("events per month must be positive");
        assertThatThrownBy(() -> new CostModel.Retention("x", 30, 0.1, 7)).hasMessageContaining("rawDays <= keptDays");
    }

    private static double line(final CostModel.Estimate estimate, final String item) {
        return estimate.lines().stream().filter(l -> l.item().equals(item)).findFirst().orElseThrow().usd();
    }
}
