package io.lakeobs.functions.lifecycle.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.lifecycle.CatalogFixture;
import io.lakeobs.functions.lifecycle.SamplerHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sampler on the embedded catalog (DynamoDB Local, S3Proxy), with a clock the test moves. */
class SamplerTest {
    private static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");
    private static final String ERRORS_HOUR = "{\"rules\": [{\"name\": \"errors\", \"when\": {\"level_at_least\": \"ERROR\"},"
        + " \"keep\": {\"window\": {\"before\": \"PT1H\", \"after\": \"PT1H\"}}}]}";

    private LocalAws aws;
    private MutableClock clock;
    private CatalogFixture catalog;
    private final List<String> materialized = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
        clock = new MutableClock(NOW);
        catalog = new CatalogFixture(aws, clock);
    }

    @AfterEach
    void stop() throws Exception {
        aws.close();
    }

    private Sampler sampler() {
        return new Sampler(catalog.blocks, catalog.processes, catalog.streams, catalog.partitions,
            (process, from, to) -> materialized.add(process + " " + from + " " + to), SamplerSettings.defaults(), clock);
    }

    private ProcessRecord process(final UUID id) {
        return catalog.processes.get(id).orElseThrow();
    }

    @Test
    void anErrorInALongRunningServiceKeepsItsMarginsNotThreeWeeksAndNotNothing() {
        final UUID service = catalog.process("orders", Map.of());
        final UUID stream = catalog.stream(service, List.of("log"));
        // three weeks of quiet blocks (only the last hour indexed recently), and one error at 14:03
        final Instant errorAt = Instant.parse("2026-11-30T14:03:00Z");
        catalog.block(service, stream, NOW.minus(Duration.ofDays(21)), Duration.ofMinutes(1), 3, 0, NOW.minus(Duration.ofDays(21)));
        for (int minute = 0; minute < 50; minute++) {
            final Instant begin = NOW.minus(Duration.ofMinutes(60 - minute));
            final boolean error = begin.equals(errorAt);
            catalog.block(service, stream, begin, Duration.ofMinutes(1), error ? 5 : 3, error ? 2 : 0, begin.plusSeconds(70));
        }
        final Sampler.Report report = sampler().run(SamplingPolicy.parse(ERRORS_HOUR));

        assertThat(report.decisions()).hasSize(1);
        final KeepDecision keep = report.decisions().get(0).keep();
        assertThat(keep.rule()).isEqualTo("errors");
        assertThat(Instant.ofEpochMilli(keep.fromMillis())).isEqualTo(errorAt.minus(Duration.ofHours(1)));
        assertThat(Instant.ofEpochMilli(keep.toMillis())).isEqualTo(errorAt.plus(Duration.ofMinutes(61)).plusMillis(1));
        assertThat(keep.reason()).contains("level 5 >= 5");
        final ProcessRecord stored = process(service);
        assertThat(stored.kept()).as("not the whole process").isFalse();
        assertThat(stored.keeps()).containsExactly(keep);
        final long errorNanos = errorAt.toEpochMilli() * 1_000_000L;
        final long insertedAfter = errorAt.plusSeconds(70).toEpochMilli();
        assertThat(stored.keeps(errorNanos, errorNanos + 60_000_000_000L, insertedAfter)).isTrue();
        final long threeWeeksAgo = NOW.minus(Duration.ofDays(21)).toEpochMilli() * 1_000_000L;
        assertThat(stored.keeps(threeWeeksAgo, threeWeeksAgo + 1, insertedAfter)).as("three weeks ago").isFalse();
        final long twoHoursBefore = errorAt.minus(Duration.ofMinutes(61)).toEpochMilli() * 1_000_000L;
        assertThat(stored.keeps(twoHoursBefore - 60_000_000_000L, twoHoursBefore, insertedAfter)).isFalse();
        // the keep was decided now: it protects what is still visible, nothing inserted before the raw deadline's first day
        assertThat(keep.insertedFromMillis()).isEqualTo(io.lakeobs.functions.core.retention.Deadlines.defaults()
            .firstVisibleDay(NOW.toEpochMilli(), false));
    }

    @Test
    void processRulesKeepWholeProcessesByExePropertiesAndStreamTags() {
        final UUID checkout = catalog.process("checkout-api", Map.of("env", "prod"));
        final UUID checkoutStaging = catalog.process("checkout-api", Map.of("env", "staging"));
        final UUID gpu = catalog.process("trainer", Map.of());
        final UUID other = catalog.process("batch", Map.of());
        final UUID gpuStream = catalog.stream(gpu, List.of("metrics", "gpu"));
        for (final UUID p : List.of(checkout, checkoutStaging, other)) {
            catalog.block(p, catalog.stream(p, List.of("log")), NOW.minusSeconds(600), Duration.ofMinutes(1), 3, 0, NOW.minusSeconds(500));
        }
        catalog.block(gpu, gpuStream, NOW.minusSeconds(600), Duration.ofMinutes(1), 0, 0, NOW.minusSeconds(500));
        final SamplingPolicy policy = SamplingPolicy.parse("{\"rules\": ["
            + "{\"name\": \"checkout-prod\", \"when\": {\"exe\": \"checkout-.*\", \"properties\": {\"env\": \"prod\"}}, \"keep\": \"process\"},"
            + "{\"name\": \"gpu\", \"when\": {\"stream_tags\": [\"gpu\"]}, \"keep\": \"process\"}]}");
        final Sampler.Report report = sampler().run(policy);

        assertThat(report.decisions()).extracting(a -> a.processId() + " " + a.keep().rule())
            .containsExactlyInAnyOrder(checkout + " checkout-prod", gpu + " gpu");
        assertThat(process(checkout).kept()).isTrue();
        assertThat(process(gpu).kept()).isTrue();
        assertThat(process(checkoutStaging).kept()).isFalse();
        assertThat(process(other).kept()).isFalse();
        assertThat(process(gpu).keeps().get(0).reason()).contains("stream tags [gpu]");
    }

    @Test
    void samplingByRateIsDeterministicAcrossRunsAndSamplersAndNearTheRate() {
        // the fraction is SHA-256 of the id's text, first 8 bytes, as a 53-bit fraction: stable everywhere
        final UUID known = UUID.fromString("00000000-0000-4000-8000-000000000000");
        assertThat(Sampler.fraction(known)).isEqualTo(Sampler.fraction(UUID.fromString(known.toString())));
        final java.util.Random seeded = new java.util.Random(20261207L);
        int under = 0;
        for (int i = 0; i < 20_000; i++) {
            if (Sampler.fraction(new UUID(seeded.nextLong(), seeded.nextLong())) < 0.1) {
                under++;
            }
        }
        assertThat(under).isBetween(1_800, 2_200);

        final List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            final UUID p = catalog.process("svc-" + i, Map.of());
            ids.add(p);
            catalog.block(p, catalog.stream(p, List.of("log")), NOW.minusSeconds(600), Duration.ofMinutes(1), 3, 0, NOW.minusSeconds(500));
        }
        final SamplingPolicy policy = SamplingPolicy.parse(
            "{\"rules\": [{\"name\": \"quarter\", \"when\": {\"sample_rate\": 0.25}, \"keep\": \"process\"}]}");
        final List<UUID> expected = ids.stream().filter(id -> Sampler.fraction(id) < 0.25).toList();
        assertThat(sampler().run(policy).decisions()).extracting(Sampler.Applied::processId)
            .containsExactlyInAnyOrderElementsOf(expected);
        // a second sampler (another container) re-examining the same minutes decides the same, and changes nothing
        clock.advance(Duration.ofMinutes(5));
        final Sampler.Report again = sampler().run(policy);
        assertThat(again.decisions()).extracting(Sampler.Applied::processId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(again.decisions()).allSatisfy(a -> assertThat(a.change()).isEqualTo(KeepDecision.Change.COVERED));
    }

    @Test
    void decisionsAreRecordedInPolicyOrderWhicheverBlockMatchedFirst() {
        final UUID service = catalog.process("orders", Map.of("app", "shop"));
        final UUID stream = catalog.stream(service, List.of("log"));
        // the first block only matches the second rule; the error comes later
        catalog.block(service, stream, NOW.minusSeconds(900), Duration.ofMinutes(1), 3, 0, NOW.minusSeconds(840));
        catalog.block(service, stream, NOW.minusSeconds(600), Duration.ofMinutes(1), 5, 1, NOW.minusSeconds(540));
        final Sampler.Report report = sampler().run(SamplingPolicy.parse("{\"rules\": ["
            + "{\"name\": \"errors\", \"when\": {\"level_at_least\": \"ERROR\"}, \"keep\": {\"window\": {\"before\": \"PT1H\", \"after\": \"PT1H\"}}},"
            + "{\"name\": \"shop\", \"when\": {\"properties\": {\"app\": \"shop\"}}, \"keep\": \"process\"}]}"));
        assertThat(report.decisions()).extracting(a -> a.keep().rule() + " " + a.change())
            .containsExactly("errors ADDED", "shop ADDED");
    }

    @Test
    void aLaterRunExtendsAKeepButNeverShortensIt() {
        final UUID service = catalog.process("orders", Map.of());
        final UUID stream = catalog.stream(service, List.of("log"));
        catalog.block(service, stream, NOW.minusSeconds(1200), Duration.ofMinutes(1), 5, 1, NOW.minusSeconds(1100));
        sampler().run(SamplingPolicy.parse(ERRORS_HOUR));
        final KeepDecision first = process(service).keeps().get(0);

        // the policy's margins shrink to a minute: the stored window stays as it was
        clock.advance(Duration.ofMinutes(5));
        final Sampler.Report narrower = sampler().run(SamplingPolicy.parse(ERRORS_HOUR.replace("PT1H", "PT1M")));
        assertThat(narrower.decisions()).allSatisfy(a -> assertThat(a.change()).isEqualTo(KeepDecision.Change.COVERED));
        assertThat(process(service).keeps()).containsExactly(first);

        // a later error 30 minutes on extends the same rule's window to the union
        catalog.block(service, stream, NOW.plusSeconds(600), Duration.ofMinutes(1), 5, 1, NOW.plusSeconds(660));
        clock.advance(Duration.ofMinutes(20));
        final Sampler.Report later = sampler().run(SamplingPolicy.parse(ERRORS_HOUR));
        assertThat(later.decisions()).extracting(Sampler.Applied::change).containsExactly(KeepDecision.Change.EXTENDED);
        final KeepDecision extended = process(service).keeps().get(0);
        assertThat(extended.fromMillis()).isEqualTo(first.fromMillis());
        assertThat(extended.toMillis()).isGreaterThan(first.toMillis());
        assertThat(extended.decidedAtMillis()).isEqualTo(first.decidedAtMillis());
    }

    @Test
    void decisionsReadOnlyTheCatalogNeverAPayloadAndNeverScan() {
        for (int i = 0; i < 5; i++) {
            final UUID p = catalog.process("svc", Map.of());
            catalog.block(p, catalog.stream(p, List.of("log", "gpu")), NOW.minusSeconds(900), Duration.ofMinutes(1), 5, 1,
                NOW.minusSeconds(800));
        }
        aws.requests.clear();
        final SamplingPolicy every = SamplingPolicy.parse("{\"rules\": ["
            + "{\"name\": \"errors\", \"when\": {\"errors_at_least\": 1}, \"keep\": {\"window\": {\"before\": \"PT5M\", \"after\": \"PT5M\"}}},"
            + "{\"name\": \"gpu\", \"when\": {\"stream_tags\": [\"gpu\"], \"exe\": \"svc\"}, \"keep\": \"process\"},"
            + "{\"name\": \"all\", \"when\": {\"sample_rate\": 1.0}, \"keep\": \"process\"}]}");
        final Sampler.Report report = sampler().run(every);
        sampler().dryRun(every, NOW.minusSeconds(3600), NOW);

        assertThat(report.blocksExamined()).isEqualTo(5);
        assertThat(aws.count("S3 ")).as("S3 requests: " + aws.requests).isZero();
        assertThat(aws.count("DDB scan")).isZero();
        assertThat(aws.requests).allSatisfy(r -> assertThat(r).isIn("DDB query", "DDB getItem", "DDB updateItem", "DDB putItem"));
        // the run's block reads are the by_insert index: 16 shard Queries per examined minute
        assertThat(aws.count("DDB query") % 16).isZero();
    }

    @Test
    void aMaterializingRuleInvokesTheOnDemandEtlOncePerNewWindow() {
        final UUID service = catalog.process("orders", Map.of());
        catalog.block(service, catalog.stream(service, List.of("log")), NOW.minusSeconds(1200), Duration.ofMinutes(1), 6, 1,
            NOW.minusSeconds(1100));
        final String policy = ERRORS_HOUR.replace("}}}]}", "}}, \"materialize\": true}]}");
        final Sampler.Report report = sampler().run(SamplingPolicy.parse(policy));
        final KeepDecision keep = report.decisions().get(0).keep();
        assertThat(materialized).containsExactly(service + " " + keep.fromMillis() + " " + keep.toMillis());
        clock.advance(Duration.ofMinutes(5));
        sampler().run(SamplingPolicy.parse(policy));
        assertThat(materialized).as("a covered decision is not materialized again").hasSize(1);
        // without an on-demand function, such a policy is refused before anything is read
        final Sampler unconfigured = new Sampler(catalog.blocks, catalog.processes, catalog.streams, catalog.partitions,
            Materializer.NONE, SamplerSettings.defaults(), clock);
        aws.requests.clear();
        assertThatThrownBy(() -> unconfigured.run(SamplingPolicy.parse(policy)))
            .isInstanceOf(PolicyException.class).hasMessageContaining("rules[0].materialize");
        assertThat(aws.requests).isEmpty();
    }

    @Test
    void theDryRunCountsPerRuleAndPricesItWithoutWriting() {
        final UUID failing = catalog.process("orders", Map.of());
        final UUID quiet = catalog.process("orders", Map.of());
        final UUID s1 = catalog.stream(failing, List.of("log"));
        final UUID s2 = catalog.stream(quiet, List.of("log"));
        for (int minute = 0; minute < 30; minute++) {
            final Instant begin = NOW.minus(Duration.ofMinutes(60 - minute));
            catalog.block(failing, s1, begin, Duration.ofMinutes(1), minute == 10 ? 5 : 3, minute == 10 ? 1 : 0, begin.plusSeconds(70));
            catalog.block(quiet, s2, begin, Duration.ofMinutes(1), 3, 0, begin.plusSeconds(70));
        }
        aws.requests.clear();
        final DryRun dryRun = sampler().dryRun(SamplingPolicy.parse(ERRORS_HOUR.replace("PT1H", "PT5M")),
            NOW.minus(Duration.ofHours(2)), NOW);
        assertThat(aws.writes()).isZero();
        assertThat(dryRun.blocks()).isEqualTo(60);
        final DryRun.RuleCost errors = dryRun.rules().get(0);
        assertThat(errors.processes()).isEqualTo(1);
        assertThat(errors.windows()).isEqualTo(1);
        // the error block plus five minutes each side (the blocks touching the window's edges included)
        assertThat(errors.blocks()).isBetween(11, 13);
        assertThat(errors.bytes()).isEqualTo(errors.blocks() * 1000L);
        assertThat(errors.monthlyUsd()).isGreaterThan(0).isLessThan(dryRun.rawOnlyMonthlyUsd() * 90.0 / 7);
        // a day's worth at this rate, held 90 days: the price follows from the list prices
        final double expected = DryRun.monthly(errors.bytes(), errors.blocks(), 2.0 / 24, 90);
        assertThat(errors.monthlyUsd()).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(dryRun.table()).contains("errors").contains("USD/month").contains("(raw deadline only)");
        assertThat(catalog.processes.get(failing).orElseThrow().keeps()).isEmpty();
    }

    @Test
    void anOperatorAsksForAKeepThroughTheHandler() {
        final UUID service = catalog.process("orders", Map.of());
        final SamplerHandler handler = new SamplerHandler(sampler(), PolicySource.inline(ERRORS_HOUR), clock, Metrics.none());
        aws.requests.clear();
        assertThatThrownBy(() -> handler.handleRequest(Map.of("keep", Map.of("process_id", "nope")), null))
            .hasMessageContaining("keep.process_id");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("keep", Map.of("process_id", service.toString(), "from",
            "2026-11-30T14:00:00Z")), null)).hasMessageContaining("keep.from and keep.to");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("keep", Map.of("process_id", UUID.randomUUID().toString())), null))
            .hasMessageContaining("unknown process");
        assertThat(aws.writes()).isZero();
        final Map<String, Object> window = handler.handleRequest(Map.of("keep", Map.of("process_id", service.toString(),
            "from", "2026-11-30T14:00:00Z", "to", "2026-11-30T14:30:00Z", "reason", "incident 42")), null);
        assertThat(window).containsEntry("change", "ADDED");
        final KeepDecision kept = process(service).keeps().get(0);
        assertThat(kept.rule()).isEqualTo(KeepDecision.REQUESTED);
        assertThat(kept.reason()).isEqualTo("incident 42");
        assertThat(Instant.ofEpochMilli(kept.toMillis())).isEqualTo(Instant.parse("2026-11-30T14:30:00Z"));
        assertThat(handler.handleRequest(Map.of("keep", Map.of("process_id", service.toString())), null))
            .containsEntry("change", "EXTENDED").containsEntry("window", "whole process"); // the same rule and floor: joined
        assertThat(process(service).kept()).isTrue();
    }

    @Test
    void theHandlerRunsOnTheScheduledEventAwsSendsAndRefusesABadPolicyBeforeAnyRead() throws IOException {
        final UUID service = catalog.process("orders", Map.of());
        catalog.block(service, catalog.stream(service, List.of("log")), NOW.minusSeconds(1200), Duration.ofMinutes(1), 5, 1,
            NOW.minusSeconds(1100));
        final Map<String, Object> event;
        try (InputStream in = getClass().getResourceAsStream("/events/scheduled-event.json")) {
            event = JSON.std.mapFrom(in);
        }
        final List<String> metricLines = new ArrayList<>();
        final Map<String, Object> out = new SamplerHandler(sampler(), PolicySource.inline(ERRORS_HOUR), clock,
            new Metrics("test", "sampler", clock, metricLines::add)).handleRequest(event, null);
        assertThat((List<?>) out.get("decisions")).hasSize(1);
        assertThat(metricLines).singleElement().asString().contains("\"Function\":\"sampler\"", "\"SamplerDecisions\":1");
        assertThat(out.get("blocks_examined")).isEqualTo(1);

        final Map<String, Object> dry = new SamplerHandler(sampler(), PolicySource.inline(ERRORS_HOUR), clock, Metrics.none())
            .handleRequest(Map.of("dry_run", true), null);
        assertThat(dry.get("blocks")).isEqualTo(1);

        // a policy kept in S3 and broken: the run fails naming the field, and the catalog is unchanged
        aws.s3.putObject(b -> b.bucket(LocalAws.RAW_BUCKET).key("policy.json"),
            software.amazon.awssdk.core.sync.RequestBody.fromString("{\"rules\": [{\"name\": \"x\", \"when\": {\"level_at_least\": \"ERRROR\"}, \"keep\": \"process\"}]}"));
        final ProcessRecord before = process(service);
        aws.requests.clear();
        final SamplerHandler broken = new SamplerHandler(sampler(),
            PolicySource.s3Object(aws.s3, java.net.URI.create("s3://" + LocalAws.RAW_BUCKET + "/policy.json")), clock,
            Metrics.none());
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> broken.handleRequest(event, null)).isInstanceOf(PolicyException.class)
            .hasMessageContaining("rules[0].when.level_at_least").hasMessageContaining("ERRROR");
        assertThat(aws.requests).containsExactly("S3 GetObject policy.json");
        assertThat(process(service)).isEqualTo(before);
        assertThatThrownBy(() -> new SamplerHandler(sampler(), PolicySource.inline(ERRORS_HOUR), clock, Metrics.none())
            .handleRequest(Map.of("hello", "world"), null)).hasMessageContaining("detail-type");
    }
}
