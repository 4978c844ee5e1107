package io.lakeobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class S3NotificationsTest {

    private EmbeddedStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = EmbeddedStack.builder().tables(prefix -> List.of()).notificationPollInterval(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void deliversWellFormedObjectCreatedEventsOncePerObject() {
        final List<String> events = new ArrayList<>();
        try (S3Notifications notifications = subscribe(S3Notifications.Chaos.NONE, events::add)) {
            put("blocks/p 1/s=1/b1", "12345");
            put("views/not-a-block", "x");

            assertThat(notifications.deliverPending()).isEqualTo(1);
            assertThat(notifications.deliverPending()).isZero();

            final S3Event event = LambdaRuntimeJson.fromJson(S3Event.class, events.get(0));
            assertThat(event.getRecords()).hasSize(1);
            final S3EventNotificationRecord record = event.getRecords().get(0);
            assertThat(record.getEventVersion()).isEqualTo("2.1");
            assertThat(record.getEventSource()).isEqualTo("aws:s3");
            assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
            assertThat(record.getAwsRegion()).isEqualTo(EmbeddedStack.REGION);
            assertThat(record.getEventTime()).isNotNull();
            assertThat(record.getS3().getBucket().getName()).isEqualTo(stack.rawBucket());
            assertThat(record.getS3().getObject().getKey()).isEqualTo("blocks/p+1/s%3D1/b1");
            assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("blocks/p 1/s=1/b1");
            assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(5L);
            final String eTag = stack.s3().headObject(head -> head.bucket(stack.rawBucket()).key("blocks/p 1/s=1/b1")).eTag();
            assertThat(record.getS3().getObject().geteTag()).isEqualTo(eTag.replace("\"", "")).doesNotContain("\"");
            assertThat(record.getS3().getObject().getSequencer()).matches("[0-9A-F]{16}");

            // an overwrite with new content is a new event with a later sequencer
            put("blocks/p 1/s=1/b1", "67890");
            assertThat(notifications.deliverPending()).isEqualTo(1);
            final String secondSequencer = LambdaRuntimeJson.fromJson(S3Event.class, events.get(1))
                    .getRecords().get(0).getS3().getObject().getSequencer();
            assertThat(secondSequencer).isGreaterThan(record.getS3().getObject().getSequencer());
        }
    }

    @Test
    void withoutChaosDeliversEachObjectOnceInCreationOrder() {
        final List<String> keys = new ArrayList<>();
        try (S3Notifications notifications = subscribe(S3Notifications.Chaos.NONE, json -> keys.add(key(json)))) {
            final List<String> created = putBlocks(20);
            notifications.deliverPending();
            // listing order is key order, and putBlocks names keys in creation order
            assertThat(keys).isEqualTo(created);
        }
    }

    @Test
    void seededChaosDuplicatesAndReordersButLosesNothing() {
        final List<String> created = putBlocks(30);
        final List<String> first = deliverWithChaos(new S3Notifications.Chaos(42, true, 0.5));
        final List<String> again = deliverWithChaos(new S3Notifications.Chaos(42, true, 0.5));
        final List<String> otherSeed = deliverWithChaos(new S3Notifications.Chaos(7, true, 0.5));

        assertThat(new TreeSet<>(first)).isEqualTo(new TreeSet<>(created));
        assertThat(first.size()).isGreaterThan(created.size());
        assertThat(withoutDuplicates(first)).isNotEqualTo(created);
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void aFailingDeliveryIsRetriedThenGivenUp() {
        final List<String> delivered = new ArrayList<>();
        final int[] calls = {0};
        try (S3Notifications notifications = subscribe(S3Notifications.Chaos.NONE, json -> {
            calls[0]++;
            if (key(json).endsWith("poison") || calls[0] == 1) {
                throw new IllegalStateException("handler failed");
            }
            delivered.add(key(json));
        })) {
            put("blocks/a", "1");
            put("blocks/poison", "2");
            assertThat(notifications.deliverPending()).isZero();
            assertThat(notifications.deliverPending()).isEqualTo(1);
            assertThat(delivered).containsExactly("blocks/a");
            assertThat(notifications.failed()).isEmpty();
            notifications.deliverPending();
            assertThat(notifications.failed()).hasSize(1);
            assertThat(key(notifications.failed().get(0).eventJson())).isEqualTo("blocks/poison");
            assertThat(notifications.deliverPending()).isZero();
        }
    }

    @Test
    void theStackDeliversToATypedIndexerHandler() throws Exception {
        final List<String> keys = new CopyOnWriteArrayList<>();
        try (EmbeddedStack wired = EmbeddedStack.builder()
                .tables(prefix -> List.of())
                .notificationPollInterval(Duration.ZERO)
                .indexerHandler(s -> new KeyCollector(keys))
                .start()) {
            wired.s3().putObject(put -> put.bucket(wired.rawBucket()).key("blocks/x/y/z"), RequestBody.fromString("b"));
            wired.s3().putObject(put -> put.bucket(wired.rawBucket()).key("spool/ignored"), RequestBody.fromString("b"));
            assertThat(wired.deliverPendingNotifications()).isEqualTo(1);
            assertThat(keys).containsExactly("blocks/x/y/z");
        }
    }

    /** A handler typed like the real indexer, so the invoker must find S3Event by reflection. */
    static final class KeyCollector implements RequestHandler<S3Event, Void> {
        private final List<String> keys;

        KeyCollector(final List<String> keys) {
            this.keys = keys;
        }

        @Override
        public Void handleRequest(final S3Event event, final Context context) {
            event.getRecords().forEach(record -> keys.add(record.getS3().getObject().getUrlDecodedKey()));
            return null;
        }
    }

    private List<String> deliverWithChaos(final S3Notifications.Chaos chaos) {
        final List<String> keys = new ArrayList<>();
        try (S3Notifications notifications = subscribe(chaos, json -> keys.add(key(json)))) {
            notifications.deliverPending();
        }
        return keys;
    }

    private S3Notifications subscribe(final S3Notifications.Chaos chaos, final java.util.function.Consumer<String> target) {
        return new S3Notifications(stack.s3(), EmbeddedStack.REGION,
                List.of(new S3Notifications.Subscription(stack.rawBucket(), "blocks/", target)), chaos, Duration.ZERO);
    }

    private List<String> putBlocks(final int count) {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String key = String.format("blocks/p/s/%03d", i);
            put(key, "block " + i);
            keys.add(key);
        }
        return keys;
    }

    private void put(final String key, final String content) {
        stack.s3().putObject(put -> put.bucket(stack.rawBucket()).key(key), RequestBody.fromString(content));
    }

    private static String key(final String json) {
        return LambdaRuntimeJson.fromJson(S3Event.class, json).getRecords().get(0).getS3().getObject().getUrlDecodedKey();
    }

    private static List<String> withoutDuplicates(final List<String> keys) {
        final Set<String> seen = new java.util.LinkedHashSet<>(keys);
        return new ArrayList<>(seen);
    }
}
