package io.lakeobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class EmbeddedStackTest {

    private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    @Test
    void startsServesAndStopsWithoutLeavingFiles() throws Exception {
        final Set<String> before = moduleFilesOutsideTarget();
        final Path workDirectory;
        try (EmbeddedStack stack = EmbeddedStack.builder()
                .tables(prefix -> List.of(table(prefix + "things")))
                .blobStore(EmbeddedStack.BlobStoreKind.FILESYSTEM)
                .notificationPollInterval(java.time.Duration.ZERO)
                .start()) {
            workDirectory = stack.workDirectory();
            assertThat(workDirectory).startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            assertThat(stack.s3Endpoint().getHost()).isEqualTo("127.0.0.1");

            stack.s3().putObject(put -> put.bucket(stack.rawBucket()).key("blocks/p/s/b1"), RequestBody.fromString("payload"));
            assertThat(stack.s3().getObjectAsBytes(get -> get.bucket(stack.rawBucket()).key("blocks/p/s/b1")).asUtf8String())
                    .isEqualTo("payload");
            assertThat(stack.s3().listBuckets().buckets()).extracting(b -> b.name())
                    .contains(stack.rawBucket(), stack.viewsBucket());
            // the filesystem store writes under the stack's own temporary directory
            try (Stream<Path> files = Files.walk(workDirectory)) {
                assertThat(files.filter(Files::isRegularFile).count()).isPositive();
            }

            assertThat(stack.dynamoDb().listTables().tableNames()).containsExactly("lakeobs-things");
            stack.dynamoDb().putItem(put -> put.tableName("lakeobs-things").item(java.util.Map.of("id", AttributeValue.fromS("x"))));
            assertThat(stack.dynamoDb().getItem(get -> get.tableName("lakeobs-things")
                    .key(java.util.Map.of("id", AttributeValue.fromS("x")))).hasItem()).isTrue();
        }
        assertThat(workDirectory).doesNotExist();
        assertThat(MODULE.resolve("dynamodb-local-metadata.json")).doesNotExist();
        assertThat(moduleFilesOutsideTarget()).isEqualTo(before);
    }

    @Test
    void twoStacksAreIndependent() throws Exception {
        try (EmbeddedStack first = EmbeddedStack.builder().tables(prefix -> List.of()).notificationPollInterval(java.time.Duration.ZERO).start();
             EmbeddedStack second = EmbeddedStack.builder().tables(prefix -> List.of()).notificationPollInterval(java.time.Duration.ZERO).start()) {
            first.s3().putObject(put -> put.bucket(first.rawBucket()).key("only-in-first"), RequestBody.fromString("1"));
            assertThat(first.s3Endpoint()).isNotEqualTo(second.s3Endpoint());
            assertThat(second.s3().listObjectsV2(list -> list.bucket(second.rawBucket())).contents()).isEmpty();
        }
    }

    @Test
    void aFailedStartLeavesNothingBehind() throws Exception {
        final Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "failed-start-");
        try {
            // the same table twice: DynamoDB refuses the second after both servers are up
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedStack.builder().workRoot(root)
                    .tables(prefix -> List.of(table(prefix + "twice"), table(prefix + "twice")))
                    .notificationPollInterval(java.time.Duration.ZERO).start())
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceInUseException.class);
            try (Stream<Path> left = Files.list(root)) {
                assertThat(left).isEmpty();
            }
        } finally {
            Directories.deleteRecursively(root);
        }
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        final EmbeddedStack stack = EmbeddedStack.builder().tables(prefix -> List.of())
                .notificationPollInterval(java.time.Duration.ZERO).start();
        stack.close();
        stack.close();
        assertThat(stack.workDirectory()).doesNotExist();
    }

    static CreateTableRequest table(final String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }

    private static Set<String> moduleFilesOutsideTarget() throws IOException {
        try (Stream<Path> files = Files.walk(MODULE)) {
            final Set<String> names = new TreeSet<>();
            files.filter(path -> !path.startsWith(MODULE.resolve("target")))
                    .forEach(path -> names.add(MODULE.relativize(path).toString()));
            return names;
        }
    }
}
