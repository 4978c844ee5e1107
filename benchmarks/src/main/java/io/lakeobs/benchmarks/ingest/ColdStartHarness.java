package io.lakeobs.benchmarks.ingest;

import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.PresignRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cold start of the ingest API function: wall time from launching a fresh JVM on the Lambda jar to
 * its first response (a 64-block presign, with the API key and ownership checks against DynamoDB
 * Local on 127.0.0.1). Not Lambda itself: no runtime client, no event JSON deserialization, no
 * network to real DynamoDB; same JVM, jar, class loading, client construction and first calls.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.lakeobs.benchmarks.ingest.ColdStartHarness \
 *     functions/ingest/target/functions-ingest-0.1.0-SNAPSHOT-lambda.jar 10 [extra JVM flags...]</pre>
 */
public final class ColdStartHarness {
    private ColdStartHarness() {
    }

    public static void main(final String[] args) throws Exception {
        final Path lambdaJar = Path.of(args[0]);
        final int runs = Integer.parseInt(args[1]);
        final List<String> jvmFlags = Arrays.asList(args).subList(2, args.length);
        final Path probeDir = Files.createTempDirectory("coldstart-probe");
        final Path probeClass = probeDir.resolve("io/lakeobs/benchmarks/ingest/ColdStartProbe.class");
        Files.createDirectories(probeClass.getParent());
        try (InputStream in = ColdStartHarness.class.getResourceAsStream("ColdStartProbe.class")) {
            Files.write(probeClass, in.readAllBytes());
        }
        try (LoopbackDynamoDb dynamoDbServer = new LoopbackDynamoDb();
             DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                 .region(Region.US_EAST_1).credentialsProvider(IngestBench.CREDENTIALS)
                 .endpointOverride(dynamoDbServer.endpoint()).build()) {
            final IngestBench bench = new IngestBench(dynamoDb);
            final List<BlockUpload> blocks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                blocks.add(new BlockUpload(bench.streamId, UUID.randomUUID(), 65_536));
            }
            final String body = IngestJson.toJson(new PresignRequest(bench.processId, blocks));
            final List<Long> millis = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                final List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmFlags);
                command.addAll(List.of("-cp", lambdaJar + java.io.File.pathSeparator + probeDir,
                    ColdStartProbe.class.getName(), bench.key.value(), body));
                final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                final Map<String, String> env = builder.environment();
                env.put(EnvVars.BUCKET, IngestBench.BUCKET);
                env.put(EnvVars.TABLE_PREFIX, IngestBench.PREFIX);
                env.put(EnvVars.DYNAMODB_ENDPOINT, dynamoDbServer.endpoint().toString());
                env.put(EnvVars.S3_ENDPOINT, "http://127.0.0.1:9");
                env.put(EnvVars.REGION, "us-east-1");
                final AwsBasicCredentials credentials = (AwsBasicCredentials) IngestBench.CREDENTIALS.resolveCredentials();
                env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
                env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
                env.remove("JAVA_TOOL_OPTIONS");
                final long start = System.nanoTime();
                final Process process = builder.start();
                String result = null;
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("RESPONSE ")) {
                            result = line;
                            millis.add((System.nanoTime() - start) / 1_000_000);
                            break;
                        } else {
                            System.out.println("  child: " + line);
                        }
                    }
                }
                process.waitFor();
                System.out.println("run " + run + ": " + (result == null ? "no response" : millis.get(millis.size() - 1)
                    + " ms JVM start to first response; " + result));
            }
            Collections.sort(millis);
            if (!millis.isEmpty()) {
                System.out.println("cold start over " + millis.size() + " runs (ms): min " + millis.get(0) + ", median "
                    + millis.get(millis.size() / 2) + ", max " + millis.get(millis.size() - 1) + "; JVM flags " + jvmFlags);
            }
        }
    }
}
