package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.views.trace.TraceExportHandler;
import io.lakeobs.local.Directories;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.demo.SampleWorkload;
import io.lakeobs.local.server.LocalServer;
import io.lakeobs.local.server.ServerFile;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.uploader.Uploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code lakeobs} command end to end against a real local server (the embedded stack in a
 * data directory) that a small instrumented application sent its data to through the uploader,
 * with the exit status and the text checked, errors on bad input included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeobsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SpanSite ASYNC = Tracing.spanSite("async_fetch", "demo.async", "LakeobsCliTest.java", 60);
    private Path root;
    private Path data;
    private LocalServer server;
    private String processId;

    /** A command's exit status and output. */
    record Run(int status, String out, String err) {
    }

    @BeforeAll
    void startServerAndApplication() throws Exception {
        root = Files.createTempDirectory("lakeobs-cli-test");
        data = root.resolve("data");
        // the views' clock past the local lateness, so that this minute's windows are closed
        server = LocalServer.start(new LocalServer.Settings(data, 0, 0, Clock.systemUTC(),
            Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)), false), message -> {
                throw new AssertionError(message);
            });
        final ServerFile file = ServerFile.read(data).orElseThrow();
        final Uploader uploader = Uploader.builder().fromEnvironment(Map.of("LAKEOBS_ENDPOINT", file.ingest().toString(),
            "LAKEOBS_API_KEY", file.apiKey())).build();
        final TracingRuntime tracing = uploader.configure(Tracing.builder()).processProperty("app", "cli-test")
            .shutdownHook(false).install();
        try {
            new SampleWorkload(2, 400).run();
            final long id = ASYNC.beginAsync(0, 0);
            ASYNC.endAsync(id, 0, 0);
        } finally {
            tracing.shutdown(Duration.ofSeconds(60));
        }
        processId = tracing.processInfo().processId().toString();
        server.runScheduledNow();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        Directories.deleteRecursively(root);
    }

    private Run run(final String... args) {
        return run(data, false, args);
    }

    private static Run run(final Path dataDirectory, final String... args) {
        return run(dataDirectory, false, args);
    }

    private static Run run(final Path dataDirectory, final boolean terminal, final String... args) {
        return run(dataDirectory, terminal, Clock.systemUTC(), args);
    }

    private static Run run(final Path dataDirectory, final boolean terminal, final Clock clock, final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> line = new ArrayList<>(List.of(args));
        if (!line.isEmpty() && !line.get(0).startsWith("-")) {
            line.add(1, "--data-dir=" + dataDirectory);
        }
        final CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), terminal, Map.of(), clock, () -> { }, () -> false);
        final int status = LakeobsCli.run(context, line.toArray(String[]::new));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpOnEveryCommand() {
        final Run top = run("--help");
        assertEquals(0, top.status(), top.err());
        for (final String command : List.of("up", "demo", "query", "processes", "logs", "metrics", "trace", "etl", "backfill")) {
            assertTrue(top.out().contains(command), command);
            final Run help = run(command, "--help");
            assertEquals(0, help.status(), command + ": " + help.err());
            assertTrue(help.out().contains("Usage: lakeobs " + command), help.out());
        }
        assertTrue(top.out().contains("Exit codes:"), top.out());
        final Run keys = run("keys", "--help");
        assertEquals(0, keys.status(), keys.err());
        assertTrue(keys.out().contains("Usage: lakeobs keys"), keys.out());
    }

    @Test
    void processesListsTheApplicationWithItsErrors() throws Exception {
        final Run text = run("processes");
        assertEquals(0, text.status(), text.err());
        final String header = text.out().lines().findFirst().orElseThrow();
        assertTrue(header.matches("PROCESS +EXE +STARTED +LAST SEEN +ERRORS +BLOCKS +KEPT"), header);
        final String row = text.out().lines().filter(l -> l.startsWith(processId)).findFirst().orElseThrow();
        assertTrue(row.contains(" ago "), row);
        final JsonNode json = JSON.readTree(run("processes", "--json").out());
        JsonNode mine = null;
        for (final JsonNode p : json) {
            if (p.path("process_id").asText().equals(processId)) {
                mine = p;
            }
        }
        // SampleWorkload logs an error every 400 iterations per thread: 2 threads x 400 iterations
        assertEquals(2, mine.path("errors").asLong(), json.toString());
        assertTrue(mine.path("blocks").asInt() > 0);
    }

    @Test
    void logsFilteredByLevelAndGrep() throws Exception {
        final Run errors = run("logs", processId, "--level", "error");
        assertEquals(0, errors.status(), errors.err());
        final List<String> lines = errors.out().lines().toList();
        assertEquals(2, lines.size(), errors.out());
        assertTrue(lines.get(0).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}  ERROR  demo\\.payments  "
            + "\\[demo-worker-\\d]  payment for order \\d+ failed: card declined"), lines.get(0));
        final Run grep = run("logs", processId.substring(0, 8), "--grep", "order 1 handled", "--json");
        assertEquals(0, grep.status(), grep.err());
        final JsonNode entry = JSON.readTree(grep.out().lines().findFirst().orElseThrow());
        assertEquals("INFO", entry.path("level").asText());
        assertTrue(entry.path("msg").asText().startsWith("order 1 handled in "), grep.out());
        final Run limited = run("logs", processId, "--limit", "5", "--follow");
        assertEquals(0, limited.status(), limited.err());
        assertEquals(5, limited.out().lines().count(), limited.out());
        final Run none = run("logs", processId, "--since", "2020-01-01", "--until", "2020-01-02");
        assertEquals(0, none.status(), none.err());
        assertEquals("", none.out());
    }

    @Test
    void metricsTableAndChart() {
        final Run all = run("metrics", processId);
        assertEquals(0, all.status(), all.err());
        assertTrue(all.out().lines().findFirst().orElseThrow().matches("NAME +UNIT +COUNT +MIN +AVG +MAX +LAST"), all.out());
        final String latency = all.out().lines().filter(l -> l.startsWith("demo.latency")).findFirst().orElseThrow();
        assertTrue(latency.matches("demo\\.latency +us +800 +\\d+ +[\\d.]+ +\\d+ +\\d+"), latency);
        final Run one = run("metrics", processId, "demo.latency", "--width", "20");
        assertEquals(0, one.status(), one.err());
        final List<String> lines = one.out().lines().toList();
        assertTrue(lines.get(1).matches("demo\\.latency +800 .*"), one.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("└" + "─".repeat(20))), one.out());
        assertTrue(lines.stream().anyMatch(l -> l.chars().anyMatch(c -> c >= '▁' && c <= '█')), one.out());
    }

    @Test
    void traceWritesAPerfettoFileWithOneEventPerSpanNestedPerThread() throws Exception {
        final Path file = root.resolve("trace.json");
        final Run trace = run("trace", processId, "--out", file.toString());
        assertEquals(0, trace.status(), trace.err());
        final SampleWorkload.Counts expected = new SampleWorkload(2, 400).expected();
        assertTrue(trace.out().startsWith("wrote " + file + ": " + expected.spans() + " thread spans, 2 async span events, "
            + expected.logs() + " logs"), trace.out());
        assertTraceOfWorkload(JSON.readTree(file.toFile()));
    }

    /**
     * The sample workload's trace: one complete event per span, nested per thread (parents first,
     * each inside the open one it starts in, at its depth), a b/e pair, a log instant per log.
     */
    private static void assertTraceOfWorkload(final JsonNode trace) {
        final SampleWorkload.Counts expected = new SampleWorkload(2, 400).expected();
        final JsonNode events = trace.path("traceEvents");
        final Map<String, Long> byPhase = new HashMap<>();
        final Map<Integer, java.util.ArrayDeque<double[]>> open = new HashMap<>();
        final Map<Integer, String> threads = new HashMap<>();
        for (final JsonNode event : events) {
            byPhase.merge(event.path("ph").asText(), 1L, Long::sum);
            final int tid = event.path("tid").asInt();
            if (event.path("name").asText().equals("thread_name")) {
                threads.put(tid, event.path("args").path("name").asText());
            }
            if (event.path("ph").asText().equals("X")) {
                // written per thread, parents first: each span starts after the open ones it is not inside have ended
                final double begin = event.path("ts").asDouble();
                final double end = begin + event.path("dur").asDouble();
                final java.util.ArrayDeque<double[]> stack = open.computeIfAbsent(tid, t -> new java.util.ArrayDeque<>());
                while (!stack.isEmpty() && stack.peek()[1] <= begin) {
                    stack.pop();
                }
                assertTrue(stack.isEmpty() || end <= stack.peek()[1], "span overlaps its parent on thread " + tid + ": " + event);
                assertEquals(stack.size(), event.path("args").path("depth").asInt(), event.toString());
                stack.push(new double[] {begin, end});
            }
        }
        assertEquals(expected.spans(), byPhase.get("X"));
        assertEquals(expected.logs(), byPhase.get("i"));
        assertEquals(1, byPhase.get("b"));
        assertEquals(1, byPhase.get("e"));
        assertEquals(2, threads.values().stream().filter(n -> n.matches("demo-worker-\\d #\\d+")).count(), threads.toString());
    }

    /**
     * The on-demand function writes the file {@code lakeobs trace} writes for the same range, from
     * the blocks and not the views, to the views bucket; its presigned URL serves it over HTTP.
     */
    @Test
    void traceExportFunctionServesTheCommandsFileThroughAPresignedUrl() throws Exception {
        final EmbeddedStack stack = server.stack();
        final Instant begin = Instant.ofEpochMilli(System.currentTimeMillis() - 3_600_000L);
        final Instant end = Instant.ofEpochMilli(System.currentTimeMillis() + 60_000L);
        final Clock clock = Clock.fixed(Instant.now(), java.time.ZoneOffset.UTC);
        final Map<String, Object> result = traceExport(stack, clock).handleRequest(Map.of("process_id", processId,
            "begin", begin.toString(), "end", end.toEpochMilli()), null);
        assertEquals("traces/" + processId + "/" + begin.toEpochMilli() + "-" + end.toEpochMilli() + ".json", result.get("key"));
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)).toString(), result.get("expires_at"));
        final HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create((String) result.get("url")))
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode(), new String(got.body(), StandardCharsets.UTF_8));
        assertTraceOfWorkload(JSON.readTree(got.body()));

        final Path file = root.resolve("same-range.json");
        final Run trace = run("trace", processId, "--out", file.toString(), "--since", begin.toString(), "--until", end.toString());
        assertEquals(0, trace.status(), trace.err());
        assertEquals(Files.readString(file), new String(got.body(), StandardCharsets.UTF_8));
    }

    /** Bad requests name what is wrong: 404 for an unknown process, 400 for the rest through a function URL. */
    @Test
    void traceExportFunctionRefusesBadRequests() throws Exception {
        final TraceExportHandler handler = traceExport(server.stack(), Clock.systemUTC());
        final Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"process_id\": \"" + java.util.UUID.randomUUID() + "\", \"begin\": 0, \"end\": 1000}", "404 unknown process");
        cases.put("{\"process_id\": \"" + processId + "\", \"begin\": 2000, \"end\": 1000}", "400 bad time range");
        cases.put("{\"process_id\": \"" + processId + "\", \"begin\": \"yesterday\", \"end\": 1000}",
            "400 begin is not an ISO-8601 instant or epoch ms: 'yesterday'");
        cases.put("{\"process_id\": \"nope\", \"begin\": 0, \"end\": 1000}", "400 process_id is not a UUID: 'nope'");
        cases.put("{\"begin\": 0, \"end\": 1000}", "400 process_id is required");
        cases.put("{\"process_id\": \"" + processId + "\", \"begin\": 0", "400 request body is not valid JSON");
        cases.put("[1, 2]", "400 request body is not a JSON object");
        cases.put("", "400 request body is required");
        cases.put("{\"process_id\": {\"id\": 1}, \"begin\": 0, \"end\": 1000}", "400 process_id must be a string or a number, not an object");
        for (final Map.Entry<String, String> c : cases.entrySet()) {
            final Map<String, Object> response = handler.handleRequest(Map.of("requestContext", Map.of(), "body", c.getKey()), null);
            final String status = c.getValue().substring(0, 3);
            assertEquals(Integer.parseInt(status), response.get("statusCode"), c.getKey() + " -> " + response);
            final String error = JSON.readTree((String) response.get("body")).path("error").asText();
            assertTrue(error.startsWith(c.getValue().substring(4)), c.getKey() + " -> " + error);
        }
        final IllegalArgumentException direct = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> handler.handleRequest(Map.of("process_id", processId, "begin", 5, "end", 5), null));
        assertTrue(direct.getMessage().startsWith("bad time range"), direct.getMessage());
    }

    private static TraceExportHandler traceExport(final EmbeddedStack stack, final Clock clock) {
        final ViewsConfig config = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()),
            TableNames.withPrefix(stack.tablePrefix()), stack.rawBucket());
        return new TraceExportHandler(new ViewsRuntime(stack.s3(), stack.dynamoDb(), config, clock,
            Deadlines.defaults()).traceExport(stack.s3Presigner()));
    }

    /** The commands of README "Try it with your own application", as written, with this test's process for {@code <process>}. */
    @Test
    void readmeTryItSectionWorksAsWritten() throws Exception {
        Path readme = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(readme.resolve("README.md")) || !Files.exists(readme.resolve("lakeobs"))) {
            readme = readme.getParent();
        }
        final String text = Files.readString(readme.resolve("README.md"));
        final int start = text.indexOf("## Try it with your own application");
        final String section = text.substring(start, text.indexOf("\n## ", start + 1));
        final List<String> commands = section.lines().filter(l -> l.startsWith("./lakeobs ") && !l.startsWith("./lakeobs up"))
            .map(l -> l.replaceAll("\\s+#.*$", "").substring("./lakeobs ".length())).toList();
        assertTrue(commands.size() >= 5, section);
        for (final String command : commands) {
            final List<String> args = new ArrayList<>();
            final java.util.regex.Matcher word = java.util.regex.Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
            while (word.find()) {
                final String arg = word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3);
                args.add(arg.replace("<process>", processId.substring(0, 8)));
            }
            final int out = args.indexOf("--out");
            if (out >= 0) {
                args.set(out + 1, root.resolve(args.get(out + 1)).toString());
            }
            final Run run = run(args.toArray(String[]::new));
            assertEquals(0, run.status(), command + ": " + run.err());
            assertFalse(run.out().isBlank(), command);
        }
    }

    @Test
    void demoRunsThePipelineAndLeavesItsViews() throws Exception {
        final Run demo = run("demo", "--threads", "1", "--iterations", "40", "--json");
        assertEquals(0, demo.status(), demo.err());
        assertTrue(JSON.readTree(demo.out()).path("consistent").asBoolean(), demo.out());
        final Run query = run("query", "--demo", "SELECT count(*) AS n FROM thread_spans");
        assertEquals(0, query.status(), query.err());
        assertEquals(List.of("n", String.valueOf(new SampleWorkload(1, 40).expected().spans()), "(1 row)"),
            query.out().lines().map(String::strip).toList());
    }

    @Test
    void etlAndBackfill() throws Exception {
        final Run etl = run("etl", processId);
        assertEquals(0, etl.status(), etl.err());
        assertTrue(etl.out().matches("process " + processId + ": 4 view partitions live, \\d+ blocks read, 0 skipped\\n"),
            etl.out());
        final Run backfill = run("backfill", "2h", "now", "--json");
        assertEquals(0, backfill.status(), backfill.err());
        assertEquals(0, JSON.readTree(backfill.out()).path("skipped").asInt(), backfill.out());
        final Run text = run("backfill", "2h", "now");
        assertTrue(text.out().startsWith("backfill of 2 hours: "), text.out());
        // on a terminal, a bar redrawn in place and erased before the result
        final Run terminal = run(data, true, "backfill", "2h", "now");
        assertTrue(terminal.out().startsWith("\rbackfill [" + " ".repeat(30) + "] 0/2\rbackfill [" + "#".repeat(15)),
            terminal.out());
        assertTrue(terminal.out().endsWith("\r" + text.out()), terminal.out());
    }

    /** FROM and TO are read from one clock reading: with a clock that moves between reads, "2h now" is still two hours. */
    @Test
    void aRelativeRangeIsMeasuredFromOneReadingOfTheClock() {
        final Instant start = Instant.now();
        final Clock moving = new Clock() {
            private long reads;

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(final java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return start.plusMillis(reads++); // a millisecond passes at every reading
            }
        };
        final Run text = run(data, false, moving, "backfill", "2h", "now");
        assertEquals(0, text.status(), text.err());
        assertTrue(text.out().startsWith("backfill of 2 hours: "), text.out());
    }

    @Test
    void queryOverTheGlobalViews() throws Exception {
        final Run query = run("query", "SELECT level, count(*) AS n FROM log_entries WHERE process_id = '" + processId
            + "' AND level = 5 GROUP BY level");
        assertEquals(0, query.status(), query.err());
        assertEquals(List.of("level  n", "    5  2", "(1 row)"), query.out().lines().toList());
        final JsonNode json = JSON.readTree(run("query", "--json", "SELECT 1 AS one").out());
        assertEquals(1, json.path("rows").get(0).get(0).asInt());
    }

    @Test
    void keysWrapTheKeyCommand() {
        final Run created = run("keys", "create", "--rate", "5");
        assertEquals(0, created.status(), created.err());
        assertTrue(created.out().startsWith("created key "), created.out());
        final Run list = run("keys", "list");
        assertEquals(0, list.status(), list.err());
        assertEquals(2, list.out().lines().filter(l -> l.contains(" active ")).count(), list.out());
        final Run unknown = run("keys", "revoke", "nosuchkey");
        assertEquals(ExitCodes.FAILED, unknown.status());
        assertTrue(unknown.out().contains("no key nosuchkey"), unknown.out());
    }

    @Test
    void errorsOnBadInput() {
        final Run unknown = run("logs", "00000000-0000-0000-0000-000000000000");
        assertEquals(ExitCodes.NOT_FOUND, unknown.status());
        assertEquals("lakeobs logs: unknown process '00000000-0000-0000-0000-000000000000': lakeobs processes lists them",
            unknown.err().trim());
        final Run unknownMetric = run("metrics", processId, "no.such.metric");
        assertEquals(ExitCodes.NOT_FOUND, unknownMetric.status());
        assertTrue(unknownMetric.err().contains("has no metric 'no.such.metric'") && unknownMetric.err().contains("demo.latency"),
            unknownMetric.err());
        final Run badSql = run("query", "SELECT nope FROM log_entries");
        assertEquals(ExitCodes.FAILED, badSql.status());
        assertTrue(badSql.err().startsWith("lakeobs query: query failed: ") && badSql.err().contains("nope"), badSql.err());
        final Run badRange = run("logs", processId, "--since", "1h", "--until", "2h");
        assertEquals(ExitCodes.USAGE, badRange.status());
        assertEquals("lakeobs logs: bad time range: --since 1h is not before --until 2h", badRange.err().trim());
        final Run badTime = run("trace", processId, "--out", root.resolve("x.json").toString(), "--since", "yesterday");
        assertEquals(ExitCodes.USAGE, badTime.status());
        assertTrue(badTime.err().contains("--since: 'yesterday' is not a time"), badTime.err());
        final Run badBackfill = run("backfill", "now", "1h");
        assertEquals(ExitCodes.USAGE, badBackfill.status());
        assertTrue(badBackfill.err().contains("bad time range: FROM now is not before TO 1h"), badBackfill.err());
        final Run badGrep = run("logs", processId, "--grep", "(");
        assertEquals(ExitCodes.USAGE, badGrep.status());
        assertTrue(badGrep.err().contains("--grep: '(' is not a regular expression"), badGrep.err());
        final Run badLevel = run("logs", processId, "--level", "loud");
        assertEquals(ExitCodes.USAGE, badLevel.status());
        assertTrue(badLevel.err().contains("unknown level 'loud'"), badLevel.err());
        final Run missing = run("trace", processId);
        assertEquals(ExitCodes.USAGE, missing.status());
        assertTrue(missing.err().contains("Missing required option: '--out=FILE'"), missing.err());
        final Run noCommand = run();
        assertEquals(ExitCodes.USAGE, noCommand.status());
    }

    @Test
    void noServerRunning() throws Exception {
        final Path empty = Files.createDirectories(root.resolve("nothing-here"));
        for (final String[] command : List.of(new String[] {"processes"}, new String[] {"logs", processId},
            new String[] {"query", "SELECT 1"}, new String[] {"keys", "list"})) {
            final Run run = run(empty, command);
            assertEquals(ExitCodes.NO_SERVER, run.status(), run.err());
            assertEquals("lakeobs " + command[0] + ": no lakeobs server is running for " + empty
                + ": start one with 'lakeobs up' (or pass its --data-dir)", run.err().trim());
        }
        // a server.json left by a server that is gone
        new ServerFile(java.net.URI.create("http://127.0.0.1:9/"), "t", java.net.URI.create("http://127.0.0.1:9/"), "k.s", 1)
            .write(empty);
        final Run stale = run(empty, "processes");
        assertEquals(ExitCodes.NO_SERVER, stale.status());
        assertTrue(stale.err().contains("no lakeobs server answers at http://127.0.0.1:9/"), stale.err());
        final Run demoViews = run(empty, "query", "--demo", "SELECT 1");
        assertEquals(ExitCodes.NO_SERVER, demoViews.status());
        assertTrue(demoViews.err().contains("run the demo first (lakeobs demo)"), demoViews.err());
    }

    @Test
    void upRefusesAPortOutOfRangeOrInUseBeforeStartingAnything() throws Exception {
        final Path upData = root.resolve("up-ports");
        final Run outOfRange = run(upData, "up", "--port", "70000");
        assertEquals(ExitCodes.USAGE, outOfRange.status());
        assertTrue(outOfRange.err().contains("--port: 70000 is not a port"), outOfRange.err());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Run inUse = run(upData, "up", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(ExitCodes.FAILED, inUse.status());
            assertTrue(inUse.err().contains("--port: port " + taken.getLocalPort() + " is in use on 127.0.0.1"), inUse.err());
        }
        assertFalse(Files.exists(ServerFile.path(upData)), "nothing started");
    }

    @Test
    void upPrintsTheExportsKeepsDataAndStops() throws Exception {
        final Path upData = root.resolve("up");
        final AtomicReference<String> key = new AtomicReference<>();
        for (int start = 0; start < 2; start++) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final CountDownLatch ready = new CountDownLatch(1);
            final CountDownLatch stop = new CountDownLatch(1);
            final AtomicInteger status = new AtomicInteger(-1);
            final Map<String, String> env = new HashMap<>(Map.of(ServerOptions.HOME, upData.toString()));
            final CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, env, Clock.systemUTC(),
                () -> {
                    ready.countDown(); // up waits for its stop once its exports are printed
                    stop.await();
                }, () -> false);
            final Thread up = new Thread(() -> status.set(LakeobsCli.run(context, "up", "--port", "0")));
            up.start();
            try {
                assertTrue(ready.await(2, java.util.concurrent.TimeUnit.MINUTES), "up did not start: " + status.get());
                final ServerFile file = ServerFile.read(upData).orElseThrow();
                final Run again = run(upData, "up", "--port", "0");
                assertEquals(ExitCodes.NO_SERVER, again.status());
                assertTrue(again.err().contains("a lakeobs server already runs for " + upData), again.err());
                final Run processes = run(upData, "processes");
                assertEquals(0, processes.status(), processes.err());
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("export LAKEOBS_ENDPOINT=" + file.ingest() + "\n"
                    + "export LAKEOBS_API_KEY=" + file.apiKey() + "\n"), out.toString(StandardCharsets.UTF_8));
                if (key.get() != null) {
                    assertEquals(key.get(), file.apiKey(), "the key survives a restart");
                }
                key.set(file.apiKey());
            } finally {
                stop.countDown();
                up.join();
            }
            assertEquals(0, status.get());
            assertFalse(Files.exists(ServerFile.path(upData)), "server.json removed at stop");
        }
    }
}
