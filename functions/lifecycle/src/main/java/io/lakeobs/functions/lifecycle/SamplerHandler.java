package io.lakeobs.functions.lifecycle;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.metrics.Metric;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.lifecycle.sampling.DryRun;
import io.lakeobs.functions.lifecycle.sampling.PolicySource;
import io.lakeobs.functions.lifecycle.sampling.Sampler;
import io.lakeobs.functions.lifecycle.sampling.SamplingPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The sampler function. The EventBridge schedule (every 5 minutes) sends its scheduled event: one
 * sampling run. A direct invocation {@code {"dry_run": true, "from": ..., "to": ...}} (ISO-8601
 * instants, default the last 24 hours) reports what the policy would keep and its monthly cost,
 * writing nothing. {@code {"keep": {"process_id": ..., "from": ..., "to": ..., "reason": ...}}}
 * records a keep someone asked for (the whole process without from/to). The policy is loaded and
 * validated first: a bad one fails the invocation with the field named, before anything is read or
 * written. A scheduled run ends with one EMF line ({@code SamplerDecisions}). Run with reserved concurrency 1.
 */
public final class SamplerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Sampler sampler;
    private final PolicySource policy;
    private final Clock clock;
    private final Metrics metrics;

    public SamplerHandler() {
        this(RuntimeHolder.RUNTIME.sampler(), RuntimeHolder.RUNTIME.policy(), Clock.systemUTC(),
            Metrics.fromEnv(System.getenv(), Metric.SAMPLER));
    }

    public SamplerHandler(final Sampler sampler, final PolicySource policy, final Clock clock, final Metrics metrics) {
        this.sampler = sampler;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Map<String, Object> handleRequest(final Map<String, Object> input, final Context context) {
        if (input == null) {
            throw new IllegalArgumentException("the sampler takes a scheduled event or {\"dry_run\": true, ...}");
        }
        if (input.containsKey("keep")) {
            return keep(input.get("keep"));
        }
        final SamplingPolicy current = policy.get();
        if (Boolean.TRUE.equals(input.get("dry_run"))) {
            final Instant to = instant(input, "to", clock.instant());
            final Instant from = instant(input, "from", to.minus(Duration.ofDays(1)));
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("from must be before to, was " + from + " .. " + to);
            }
            final DryRun dryRun = sampler.dryRun(current, from, to);
            if (context != null) {
                context.getLogger().log("sampler dry run: " + dryRun.blocks() + " blocks, " + dryRun.total().blocks()
                    + " kept by some rule, " + String.format(Locale.ROOT, "%.4f", dryRun.total().monthlyUsd())
                    + " USD/month\n");
            }
            return dryRun(dryRun);
        }
        if (!"Scheduled Event".equals(input.get("detail-type"))) {
            throw new IllegalArgumentException("unknown request: expected a scheduled event (detail-type 'Scheduled Event')"
                + " or {\"dry_run\": true}, got keys " + input.keySet());
        }
        final Sampler.Report report = sampler.run(current);
        metrics.emit(Map.of(Metric.SAMPLER_DECISIONS, report.decisions().size()));
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", Instant.ofEpochMilli(report.fromMillis()).toString());
        out.put("to", Instant.ofEpochMilli(report.toMillis()).toString());
        out.put("blocks_examined", report.blocksExamined());
        out.put("processes_examined", report.processesExamined());
        final List<Map<String, Object>> decisions = report.decisions().stream().map(applied -> {
            final Map<String, Object> d = new LinkedHashMap<>();
            d.put("process_id", applied.processId().toString());
            d.put("exe", applied.exe());
            d.put("rule", applied.keep().rule());
            d.put("from", applied.keep().wholeProcess() ? "whole process" : Instant.ofEpochMilli(applied.keep().fromMillis()).toString());
            d.put("to", applied.keep().wholeProcess() ? "whole process" : Instant.ofEpochMilli(applied.keep().toMillis()).toString());
            d.put("change", applied.change().name());
            d.put("materialized", applied.materialized());
            d.put("reason", applied.keep().reason());
            return d;
        }).toList();
        out.put("decisions", decisions);
        if (context != null) {
            final StringBuilder log = new StringBuilder("sampler: " + report.blocksExamined() + " blocks inserted in ["
                + out.get("from") + ", " + out.get("to") + "), " + decisions.size() + " decisions\n");
            decisions.forEach(d -> log.append("sampler decision: ").append(d).append('\n'));
            context.getLogger().log(log.toString());
        }
        return out;
    }

    private Map<String, Object> keep(final Object request) {
        if (!(request instanceof Map<?, ?> keep)) {
            throw new IllegalArgumentException("keep must be an object: {\"process_id\": ..., \"from\": ..., \"to\": ..., \"reason\": ...}");
        }
        final UUID processId;
        try {
            processId = UUID.fromString(String.valueOf(keep.get("process_id")));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("keep.process_id is not a process id (UUID): '" + keep.get("process_id") + "'");
        }
        final boolean windowed = keep.containsKey("from") || keep.containsKey("to");
        long[] window = null;
        if (windowed) {
            final Instant from = instant(castMap(keep), "from", null);
            final Instant to = instant(castMap(keep), "to", null);
            if (from == null || to == null || !from.isBefore(to)) {
                throw new IllegalArgumentException("keep.from and keep.to must both be ISO-8601 instants, from before to");
            }
            window = new long[] {from.toEpochMilli(), to.toEpochMilli()};
        }
        final Object reason = keep.get("reason");
        final KeepDecision.Change change = sampler.keepRequested(processId, window,
            reason == null ? "asked for by an operator" : reason.toString());
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("process_id", processId.toString());
        out.put("window", windowed ? Instant.ofEpochMilli(window[0]) + " .. " + Instant.ofEpochMilli(window[1]) : "whole process");
        out.put("change", change.name());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(final Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> dryRun(final DryRun dryRun) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", Instant.ofEpochMilli(dryRun.fromMillis()).toString());
        out.put("to", Instant.ofEpochMilli(dryRun.toMillis()).toString());
        out.put("blocks", dryRun.blocks());
        out.put("bytes", dryRun.bytes());
        final List<Object> rules = new ArrayList<>();
        for (final DryRun.RuleCost rule : dryRun.rules()) {
            rules.add(rule(rule));
        }
        out.put("rules", rules);
        out.put("total", rule(dryRun.total()));
        out.put("raw_only_usd_per_month", dryRun.rawOnlyMonthlyUsd());
        out.put("table", dryRun.table());
        return out;
    }

    private static Map<String, Object> rule(final DryRun.RuleCost rule) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", rule.rule());
        out.put("processes", rule.processes());
        out.put("windows", rule.windows());
        out.put("blocks", rule.blocks());
        out.put("bytes", rule.bytes());
        out.put("usd_per_month", rule.monthlyUsd());
        return out;
    }

    private static Instant instant(final Map<String, Object> input, final String field, final Instant fallback) {
        final Object value = input.get(field);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value.toString());
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant: '" + value + "'");
        }
    }
}
