package io.lakeobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** The stack with the real ingest and indexer handlers: tables from CatalogTables, events end to end. */
class LakeobsFunctionsWiringTest {

    @Test
    void realHandlersServeTheFunctionUrlAndReceiveS3Events() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.builder()
                .tablePrefix("wiring-")
                .notificationPollInterval(Duration.ZERO)
                .lakeobsFunctions(Clock.systemUTC())
                .start()) {
            assertThat(stack.dynamoDb().listTables().tableNames()).containsExactlyInAnyOrderElementsOf(
                    CatalogTables.createTableRequests(TableNames.withPrefix("wiring-")).stream()
                            .map(CreateTableRequest::tableName).collect(Collectors.toList()));

            // no API key: the real API answers 401 with its JSON error through the function URL
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(stack.ingestUri().resolve("/v1/processes"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("json"));

            // a block object that is not a block: the real indexer quarantines it
            final String key = "blocks/" + UUID.randomUUID() + "/" + UUID.randomUUID() + "/" + UUID.randomUUID();
            stack.s3().putObject(put -> put.bucket(stack.rawBucket()).key(key), RequestBody.fromString("not a block"));
            assertThat(stack.deliverPendingNotifications()).isEqualTo(1);
            assertThat(stack.notifications().failed()).isEmpty();
            assertThat(new QuarantineCatalog(stack.dynamoDb(), TableNames.withPrefix("wiring-")).get(key)).isPresent();
        }
    }
}
