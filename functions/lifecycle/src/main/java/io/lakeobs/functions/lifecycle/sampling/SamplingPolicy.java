package io.lakeobs.functions.lifecycle.sampling;

import com.fasterxml.jackson.jr.ob.JSON;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.transit.telemetry.Level;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The tail-sampling policy: named rules, each a condition on what the catalog already holds
 * (block summaries, the process item, stream tags) and what to keep when it holds (the whole
 * process, or a window of event time around the matching block). Parsed and validated in full
 * before anything runs, every error naming its field, so a bad document changes nothing.
 * The format is documented in docs/lifecycle.md.
 *
 * @param rules in document order; any matching rule keeps
 */
public record SamplingPolicy(List<Rule> rules) {
    /** The policy used when none is configured: error windows with an hour each side. */
    public static final String DEFAULT_JSON = "{\"rules\": [{\"name\": \"errors\", \"when\": {\"level_at_least\": \"ERROR\"},"
        + " \"keep\": {\"window\": {\"before\": \"PT1H\", \"after\": \"PT1H\"}}}]}";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> TOP = Set.of("rules");
    private static final Set<String> RULE = Set.of("name", "when", "keep", "materialize");
    private static final Set<String> WHEN = Set.of("level_at_least", "errors_at_least", "exe", "properties", "stream_tags",
        "sample_rate");
    private static final Set<String> WINDOW = Set.of("before", "after");
    private static final Duration MAX_MARGIN = Duration.ofDays(7);

    public SamplingPolicy {
        rules = List.copyOf(rules);
    }

    /**
     * One rule.
     *
     * @param name unique, lower case; stored with every decision it makes
     * @param when all of its conditions must hold
     * @param keep what a match keeps
     * @param materialize whether a new keep also runs the on-demand ETL over it
     */
    public record Rule(String name, Condition when, Keep keep, boolean materialize) {
    }

    /**
     * Conditions; absent ones hold. Block conditions look at one block's summary, process
     * conditions at the process item, the stream condition at the block's stream.
     *
     * @param levelAtLeast block: its most severe log level is at least this ({@link Level} value), 0 if absent
     * @param errorsAtLeast block: at least this many error or fatal logs, 0 if absent
     * @param exe process: its exe matches this regular expression in full, or null
     * @param properties process: each named property exists and matches its regular expression in full
     * @param streamTags stream: it carries every one of these tags
     * @param sampleRate process: its id hashes (SHA-256) to a fraction in [0, 1) below this rate, or null
     */
    public record Condition(int levelAtLeast, int errorsAtLeast, Pattern exe, Map<String, Pattern> properties,
                            List<String> streamTags, Double sampleRate) {
        public boolean onBlocks() {
            return levelAtLeast > 0 || errorsAtLeast > 0;
        }
    }

    /**
     * What a match keeps.
     *
     * @param wholeProcess everything of the process
     * @param before for a window: event time kept before the matching block's begin
     * @param after for a window: event time kept after the matching block's end
     */
    public record Keep(boolean wholeProcess, Duration before, Duration after) {
    }

    /** Parses and validates a policy document; a {@link PolicyException} names the first field at fault. */
    public static SamplingPolicy parse(final String json) {
        if (json == null || json.isBlank()) {
            throw new PolicyException("(document)", "is empty");
        }
        final Object root;
        try {
            root = JSON.std.anyFrom(json);
        } catch (final IOException e) {
            throw new PolicyException("(document)", "is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        final Map<String, Object> top = object(root, "(document)", TOP);
        final Object rulesValue = top.get("rules");
        if (!(rulesValue instanceof List<?> list)) {
            throw new PolicyException("rules", rulesValue == null ? "is required" : "must be a list of rules");
        }
        if (list.isEmpty()) {
            throw new PolicyException("rules", "needs at least one rule (to keep nothing, leave sampling out)");
        }
        final List<Rule> rules = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            final Rule rule = rule(list.get(i), "rules[" + i + "]");
            if (!names.add(rule.name())) {
                throw new PolicyException("rules[" + i + "].name", "'" + rule.name() + "' is used by an earlier rule");
            }
            rules.add(rule);
        }
        return new SamplingPolicy(rules);
    }

    private static Rule rule(final Object value, final String path) {
        final Map<String, Object> rule = object(value, path, RULE);
        final Object name = rule.get("name");
        if (!(name instanceof String text) || !NAME.matcher(text).matches()) {
            throw new PolicyException(path + ".name", name == null ? "is required"
                : "must be 1-64 of a-z, 0-9, '_' and '-', starting with a letter or digit; was " + quote(name));
        }
        if (KeepDecision.REQUESTED.equals(text)) {
            throw new PolicyException(path + ".name", "'" + KeepDecision.REQUESTED + "' is reserved for keeps someone asked for");
        }
        final Condition when = condition(rule.get("when"), path + ".when");
        final Keep keep = keep(rule.get("keep"), path + ".keep");
        if (!keep.wholeProcess() && !when.onBlocks()) {
            throw new PolicyException(path + ".keep", "a window is kept around a matching block: 'when' needs level_at_least"
                + " or errors_at_least (else every block would match), or keep \"process\"");
        }
        final Object materialize = rule.getOrDefault("materialize", Boolean.FALSE);
        if (!(materialize instanceof Boolean flag)) {
            throw new PolicyException(path + ".materialize", "must be true or false, was " + quote(materialize));
        }
        return new Rule(text, when, keep, flag);
    }

    private static Condition condition(final Object value, final String path) {
        if (value == null) {
            throw new PolicyException(path, "is required");
        }
        final Map<String, Object> when = object(value, path, WHEN);
        if (when.isEmpty()) {
            throw new PolicyException(path, "needs at least one condition (sample_rate 1.0 keeps every process)");
        }
        int level = 0;
        if (when.containsKey("level_at_least")) {
            level = level(when.get("level_at_least"), path + ".level_at_least");
        }
        int errors = 0;
        if (when.containsKey("errors_at_least")) {
            final Object n = when.get("errors_at_least");
            if (!(n instanceof Number number) || number.doubleValue() != number.longValue() || number.longValue() < 1
                || number.longValue() > Integer.MAX_VALUE) {
                throw new PolicyException(path + ".errors_at_least", "must be a whole number of at least 1, was " + quote(n));
            }
            errors = number.intValue();
        }
        final Pattern exe = when.containsKey("exe") ? regex(when.get("exe"), path + ".exe") : null;
        final Map<String, Pattern> properties = new LinkedHashMap<>();
        if (when.containsKey("properties")) {
            final Object p = when.get("properties");
            if (!(p instanceof Map<?, ?> map) || map.isEmpty()) {
                throw new PolicyException(path + ".properties", "must be a non-empty object of property name to regular expression");
            }
            map.forEach((key, regex) -> properties.put((String) key, regex(regex, path + ".properties." + key)));
        }
        final List<String> tags = new ArrayList<>();
        if (when.containsKey("stream_tags")) {
            final Object t = when.get("stream_tags");
            if (!(t instanceof List<?> list) || list.isEmpty()) {
                throw new PolicyException(path + ".stream_tags", "must be a non-empty list of tags");
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String tag) || tag.isBlank()) {
                    throw new PolicyException(path + ".stream_tags[" + i + "]", "must be a non-blank string, was " + quote(list.get(i)));
                }
                tags.add(tag);
            }
        }
        Double rate = null;
        if (when.containsKey("sample_rate")) {
            final Object r = when.get("sample_rate");
            if (!(r instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= 1)) {
                throw new PolicyException(path + ".sample_rate", "must be a number within 0..1, was " + quote(r));
            }
            rate = number.doubleValue();
        }
        return new Condition(level, errors, exe, properties, tags, rate);
    }

    private static Keep keep(final Object value, final String path) {
        if ("process".equals(value)) {
            return new Keep(true, Duration.ZERO, Duration.ZERO);
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new PolicyException(path, value == null ? "is required (\"process\" or {\"window\": {\"before\": ..., \"after\": ...}})"
                : "must be \"process\" or {\"window\": {...}}, was " + quote(value));
        }
        final Map<String, Object> keep = object(value, path, Set.of("window"));
        final Map<String, Object> window = object(keep.get("window"), path + ".window", WINDOW);
        return new Keep(false, margin(window.get("before"), path + ".window.before"),
            margin(window.get("after"), path + ".window.after"));
    }

    private static Duration margin(final Object value, final String path) {
        if (!(value instanceof String text)) {
            throw new PolicyException(path, value == null ? "is required (an ISO-8601 duration such as PT1H)"
                : "must be an ISO-8601 duration such as PT1H, was " + quote(value));
        }
        try {
            final Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.compareTo(MAX_MARGIN) > 0) {
                throw new PolicyException(path, "must be within PT0S..P7D, was " + text);
            }
            return duration;
        } catch (final DateTimeParseException e) {
            throw new PolicyException(path, "must be an ISO-8601 duration such as PT1H, was " + quote(text));
        }
    }

    private static int level(final Object value, final String path) {
        if (value instanceof String name) {
            try {
                return Level.valueOf(name.toUpperCase(Locale.ROOT)).code();
            } catch (final IllegalArgumentException e) {
                // reported below
            }
        }
        throw new PolicyException(path, "must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL; was " + quote(value));
    }

    private static Pattern regex(final Object value, final String path) {
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new PolicyException(path, "must be a non-empty regular expression, was " + quote(value));
        }
        try {
            return Pattern.compile(text);
        } catch (final PatternSyntaxException e) {
            throw new PolicyException(path, "is not a valid regular expression: " + e.getDescription() + " in " + quote(text));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final Object value, final String path, final Set<String> known) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new PolicyException(path, value == null ? "is required" : "must be an object, was " + quote(value));
        }
        for (final Object key : map.keySet()) {
            if (!known.contains(key)) {
                throw new PolicyException(path + "." + key, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return (Map<String, Object>) map;
    }

    private static String quote(final Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
