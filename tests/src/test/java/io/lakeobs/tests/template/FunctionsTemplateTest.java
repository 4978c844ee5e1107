package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lakeobs.functions.core.store.ObjectKeys;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The functions of the template: handlers that exist, jars that the build makes, events, limits and least privilege. */
class FunctionsTemplateTest {

    private static final Pattern SHADED_JAR = Pattern.compile("(functions/[a-z-]+)/target/([a-z-]+)-([0-9A-Za-z.-]+)-lambda\\.jar");

    private final Template template = Template.load();
    private final Map<String, Map<String, Object>> functions = template.ofType("AWS::Serverless::Function");

    @Test
    void theExpectedFunctionsAreThere() {
        assertThat(functions.keySet()).contains("IngestApiFunction", "IndexerFunction", "ScheduledViewsFunction",
                "OnDemandEtlFunction", "BackfillFunction", "SamplerFunction", "RetentionFunction");
        assertThat(template.globalFunction()).containsEntry("Runtime", "java25");
    }

    @Test
    void samBuildLeavesThePrebuiltJarsAlone() {
        // a .jar CodeUri is taken by sam build as source to build with the root pom.xml unless marked prebuilt
        functions.forEach((id, function) ->
                assertThat(Template.map(function.get("Metadata"))).as(id + " Metadata").containsEntry("SkipBuild", true));
    }

    @Test
    void everyHandlerExistsOnTheClassPath() {
        final List<String> problems = new ArrayList<>();
        functions.forEach((id, function) -> {
            final String handler = (String) Template.properties(function).get("Handler");
            final String[] parts = handler.split("::");
            try {
                final Class<?> type = Class.forName(parts[0], false, getClass().getClassLoader());
                if (!RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
                    problems.add(id + ": " + parts[0] + " is not a RequestHandler or RequestStreamHandler");
                }
                if (Modifier.isAbstract(type.getModifiers()) || !hasPublicNoArgumentConstructor(type)) {
                    problems.add(id + ": Lambda needs a public no-argument constructor on " + parts[0]);
                }
                final String method = parts.length > 1 ? parts[1] : "handleRequest";
                if (java.util.Arrays.stream(type.getMethods()).map(Method::getName).noneMatch(method::equals)) {
                    problems.add(id + ": no public method " + method + " on " + parts[0]);
                }
            } catch (ClassNotFoundException e) {
                problems.add(id + ": handler class " + parts[0] + " is not on the class path");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFunctionIsDeployedByDefault() {
        functions.forEach((id, function) -> assertThat(function.get("Condition")).as(id + " Condition").isNull());
    }

    @Test
    void scheduledRunsCannotOverlapNorBeRetriedNorArriveLate() {
        int scheduled = 0;
        for (Map.Entry<String, Map<String, Object>> function : functions.entrySet()) {
            final Map<String, Object> properties = Template.properties(function.getValue());
            final Map<String, Object> events = Template.map(properties.getOrDefault("Events", Map.of()));
            for (Object value : events.values()) {
                final Map<String, Object> event = Template.map(value);
                if (!"Schedule".equals(event.get("Type"))) {
                    continue;
                }
                scheduled++;
                final String id = function.getKey();
                assertThat(properties.get("ReservedConcurrentExecutions")).as(id + " reserved concurrency").isEqualTo(1);
                assertThat(Template.map(properties.get("EventInvokeConfig"))).as(id + " EventInvokeConfig")
                        .containsEntry("MaximumRetryAttempts", 0).containsEntry("MaximumEventAgeInSeconds", 60);
                assertThat(Template.map(Template.map(event.get("Properties")).get("RetryPolicy"))).as(id + " schedule retries")
                        .containsEntry("MaximumRetryAttempts", 0);
            }
        }
        assertThat(scheduled).as("scheduled functions: views, sampler, retention").isEqualTo(3);
        final Map<String, Object> ingest = Template.properties(functions.get("IngestApiFunction"));
        assertThat(ingest.get("ReservedConcurrentExecutions")).isEqualTo(Map.of("Fn::If",
                List.of("IngestConcurrencyLimited", Map.of("Ref", "IngestReservedConcurrency"), Map.of("Ref", "AWS::NoValue"))));
    }

    @Test
    void retentionDeletesOnlyWhatARetentionOrDeletionStepNamesAndReadsTheTemplatesDeadlines() {
        final Map<String, Object> retention = Template.properties(functions.get("RetentionFunction"));
        assertThat(actions(retention, "s3:")).containsExactlyInAnyOrder("s3:DeleteObject", "s3:ListBucket");
        for (String resource : s3Resources(retention)) {
            assertThat(resource).matches(".*(/blocks/\\*|/declarations/\\*|/views/\\*|/manifests/\\*|-raw-\\$\\{AWS::AccountId}-\\$\\{AWS::Region})");
        }
        assertThat(actions(retention, "dynamodb:")).containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:BatchWriteItem",
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        // no Query of the blocks table itself: only its by_insert_day and by_process indexes
        assertThat(String.valueOf(retention.get("Policies"))).doesNotContain("BlocksTable.Arn}/index/*")
            .contains("ProcessesTable.Arn}/index/by_retention_day");
        // the deadlines every function reads come from the template's parameters, once, in Globals
        final Map<String, Object> variables = Template.map(Template.map(template.globalFunction().get("Environment")).get("Variables"));
        assertThat(variables).containsEntry(io.lakeobs.functions.core.config.EnvVars.RAW_RETENTION_DAYS, Map.of("Ref", "RawRetentionDays"))
                .containsEntry(io.lakeobs.functions.core.config.EnvVars.KEPT_RETENTION_DAYS, Map.of("Ref", "KeptRetentionDays"))
                .containsEntry(io.lakeobs.functions.core.config.EnvVars.SAFETY_NET_DAYS, Map.of("Ref", "RawSafetyNetDays"));
        // and their defaults pass the code's own check (the safety net after the longest deadline)
        io.lakeobs.functions.core.retention.Deadlines.fromEnv(Map.of(
                io.lakeobs.functions.core.config.EnvVars.RAW_RETENTION_DAYS, defaultOf("RawRetentionDays"),
                io.lakeobs.functions.core.config.EnvVars.KEPT_RETENTION_DAYS, defaultOf("KeptRetentionDays"),
                io.lakeobs.functions.core.config.EnvVars.SAFETY_NET_DAYS, defaultOf("RawSafetyNetDays")));
    }

    private String defaultOf(final String parameter) {
        return String.valueOf(template.parameters().get(parameter).get("Default"));
    }

    @Test
    void codeUrisAreTheShadedJarsOfExistingModules() throws Exception {
        final Path root = TemplateFiles.repositoryRoot();
        for (Map.Entry<String, Map<String, Object>> function : functions.entrySet()) {
            final String codeUri = (String) Template.properties(function.getValue()).get("CodeUri");
            final Matcher jar = SHADED_JAR.matcher(codeUri);
            assertThat(jar.matches()).as(function.getKey() + " CodeUri " + codeUri).isTrue();
            final Path pom = root.resolve(jar.group(1)).resolve("pom.xml");
            assertThat(pom).as(function.getKey() + " module").exists();
            final String text = Files.readString(pom);
            assertThat(text).as(pom + " artifactId").contains("<artifactId>" + jar.group(2) + "</artifactId>");
            assertThat(Files.readString(root.resolve("pom.xml"))).contains("<version>" + jar.group(3) + "</version>");
        }
    }

    @Test
    void builtJarsFitLambdasUnzippedLimit() throws Exception {
        final Path root = TemplateFiles.repositoryRoot();
        final Set<String> jars = new TreeSet<>();
        functions.values().forEach(function -> jars.add((String) Template.properties(function).get("CodeUri")));
        int measured = 0;
        for (String jar : jars) {
            final Path file = root.resolve(jar);
            if (!Files.isRegularFile(file)) {
                continue; // not packaged in this build (e.g. -pl tests alone)
            }
            long unzipped = 0;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                    unzipped += Math.max(0, entries.nextElement().getSize());
                }
            }
            assertThat(unzipped).as(jar + " unzipped bytes").isLessThan(250L * 1024 * 1024);
            measured++;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(measured > 0, "no Lambda jar packaged yet: run mvn package first");
    }

    @Test
    void ingestIsAPublicFunctionUrlThatChecksKeysItself() {
        final Map<String, Object> ingest = Template.properties(functions.get("IngestApiFunction"));
        assertThat(Template.map(ingest.get("FunctionUrlConfig"))).containsEntry("AuthType", "NONE");
        assertThat(Template.map(Template.map(template.root.get("Outputs")).get("IngestUrl")).get("Value"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("IngestApiFunctionUrl", "FunctionUrl")));
        assertThat(actions(ingest, "s3:")).containsExactly("s3:PutObject");
        for (String resource : s3Resources(ingest)) {
            assertThat(resource).matches(".*/(blocks|declarations)/\\*");
        }
    }

    @Test
    void theIndexerReadsOnlyAndHearsOnlyBlocks() {
        final Map<String, Object> indexer = Template.properties(functions.get("IndexerFunction"));
        // read and list (so a deleted key is a 404, not a 403) only: never write or delete an object
        assertThat(actions(indexer, "s3:")).containsExactlyInAnyOrder("s3:GetObject", "s3:ListBucket");
        assertThat(actions(indexer, "dynamodb:")).doesNotContain("dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
        final Map<String, Object> event = Template.map(Template.map(indexer.get("Events")).values().iterator().next());
        assertThat(event).containsEntry("Type", "S3");
        final Map<String, Object> properties = Template.map(event.get("Properties"));
        assertThat(properties.get("Bucket")).isEqualTo(Map.of("Ref", "RawBucket"));
        assertThat((String) properties.get("Events")).startsWith("s3:ObjectCreated:");
        final Object rule = Template.list(Template.map(Template.map(properties.get("Filter")).get("S3Key")).get("Rules")).get(0);
        assertThat(Template.map(rule)).containsEntry("Name", "prefix").containsEntry("Value", ObjectKeys.BLOCKS_PREFIX);
    }

    @Test
    void schedulesAndTimeouts() {
        assertThat(schedule("ScheduledViewsFunction")).isEqualTo("rate(1 minute)");
        assertThat(schedule("SamplerFunction")).isEqualTo("rate(5 minutes)");
        assertThat(schedule("RetentionFunction")).isEqualTo("rate(1 hour)");
        assertThat(Template.properties(functions.get("RetentionFunction")).get("Timeout")).isEqualTo(900);
        functions.forEach((id, function) -> {
            final Object timeout = Template.properties(function).getOrDefault("Timeout", template.globalFunction().get("Timeout"));
            assertThat((Integer) timeout).as(id + " timeout").isBetween(1, 900);
        });
    }

    @Test
    void theSamplerRunsOnThePolicyParameterAndReadsOnlyTheCatalog() {
        final Map<String, Object> sampler = Template.properties(functions.get("SamplerFunction"));
        assertThat(functions.get("SamplerFunction").get("Condition")).as("deployed by default").isNull();
        final Map<String, Object> variables = Template.map(Template.map(sampler.get("Environment")).get("Variables"));
        assertThat(variables.get(io.lakeobs.functions.lifecycle.LifecycleConfig.SAMPLING_POLICY))
                .isEqualTo(Map.of("Ref", "SamplingPolicy"));
        // one default policy: the template's is the code's, and it parses
        final Object policyDefault = template.parameters().get("SamplingPolicy").get("Default");
        assertThat(policyDefault).isEqualTo(io.lakeobs.functions.lifecycle.sampling.SamplingPolicy.DEFAULT_JSON);
        assertThat(io.lakeobs.functions.lifecycle.sampling.SamplingPolicy.parse((String) policyDefault).rules()).isNotEmpty();
        assertThat(actions(sampler, "s3:")).as("no payload, no object of any kind").isEmpty();
        assertThat(actions(sampler, "dynamodb:")).containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:GetItem",
                "dynamodb:UpdateItem", "dynamodb:PutItem");
        assertThat(actions(sampler, "lambda:")).containsExactly("lambda:InvokeFunction");
        assertThat(template.resources().get("SamplerLogs").get("Condition")).isNull();
    }

    @Test
    void noPolicyGrantsEverything() {
        final List<String> problems = new ArrayList<>();
        functions.forEach((id, function) -> {
            for (Map<String, Object> statement : statements(Template.properties(function))) {
                for (Object action : asList(statement.get("Action"))) {
                    if ("*".equals(action) || (action instanceof String name && name.endsWith(":*"))) {
                        problems.add(id + " " + statement.get("Sid") + ": action " + action);
                    }
                }
                for (Object resource : asList(statement.get("Resource"))) {
                    if ("*".equals(resource)) {
                        problems.add(id + " " + statement.get("Sid") + ": resource *");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    private String schedule(final String functionId) {
        final Map<String, Object> events = Template.map(Template.properties(functions.get(functionId)).get("Events"));
        final Map<String, Object> event = Template.map(events.values().iterator().next());
        assertThat(event).containsEntry("Type", "Schedule");
        return (String) Template.map(event.get("Properties")).get("Schedule");
    }

    private static List<Map<String, Object>> statements(final Map<String, Object> function) {
        final List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : asList(function.getOrDefault("Policies", List.of()))) {
            if (policy instanceof Map<?, ?> document && document.containsKey("Statement")) {
                for (Object statement : Template.list(document.get("Statement"))) {
                    statements.add(Template.map(statement));
                }
            }
        }
        return statements;
    }

    private static Set<String> actions(final Map<String, Object> function, final String service) {
        final Set<String> actions = new TreeSet<>();
        for (Map<String, Object> statement : statements(function)) {
            for (Object action : asList(statement.get("Action"))) {
                if (((String) action).startsWith(service)) {
                    actions.add((String) action);
                }
            }
        }
        return actions;
    }

    private static List<String> s3Resources(final Map<String, Object> function) {
        final List<String> resources = new ArrayList<>();
        for (Map<String, Object> statement : statements(function)) {
            if (asList(statement.get("Action")).stream().anyMatch(action -> ((String) action).startsWith("s3:"))) {
                for (Object resource : asList(statement.get("Resource"))) {
                    final Object sub = resource instanceof Map<?, ?> intrinsic ? intrinsic.get("Fn::Sub") : resource;
                    resources.add(String.valueOf(sub));
                }
            }
        }
        return resources;
    }

    private static List<Object> asList(final Object value) {
        return value instanceof List<?> ? Template.list(value) : value == null ? List.of() : List.of(value);
    }

    private static boolean hasPublicNoArgumentConstructor(final Class<?> type) {
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
