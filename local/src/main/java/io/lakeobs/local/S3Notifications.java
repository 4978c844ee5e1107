package io.lakeobs.local;

import io.lakeobs.local.redrive.FailedEvent;
import io.lakeobs.local.redrive.FailureQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Does locally what S3 event notifications do on AWS: it notices objects created under a
 * subscribed bucket and prefix (by listing, so it works with any S3 server) and delivers
 * one {@code ObjectCreated:Put} event JSON per object to the subscriber, at least once.
 *
 * <p>Delivery happens on {@link #deliverPending()} (tests call it and need no sleep) and,
 * optionally, on a background thread. A delivery that throws is retried on later rounds,
 * up to {@link #MAX_ATTEMPTS} attempts as Lambda's asynchronous invocation does, then kept
 * in {@link #failed()}. With {@link Chaos} set, each round delivers in a seeded random order
 * and repeats some events, as S3 may.
 */
public final class S3Notifications implements AutoCloseable {

    static final int MAX_ATTEMPTS = 3;

    /** Events of objects created in {@code bucket} under {@code prefix} go to {@code target} as JSON. */
    public record Subscription(String bucket, String prefix, Consumer<String> target) {
    }

    /**
     * Seeded disorder for tests: shuffle each round's events, and deliver each one a second
     * time with probability {@code duplicateProbability}.
     */
    public record Chaos(long seed, boolean reorder, double duplicateProbability) {
        public static final Chaos NONE = new Chaos(0, false, 0.0);
    }

    /** An event that exhausted its attempts, with the subscriber it was for and the last failure; {@code id} is unique. */
    public record Failure(long id, Subscription subscription, String eventJson, RuntimeException lastError) {
    }

    private record Pending(Subscription subscription, String eventJson, int attempts) {
    }

    private final S3Client s3;
    private final String region;
    private final List<Subscription> subscriptions;
    private final Chaos chaos;
    private final Random random;
    private final Map<Subscription, Map<String, String>> seen = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final ScheduledExecutorService poller;
    private long sequence;
    private long failureSequence;
    private long delivered;

    public S3Notifications(final S3Client s3, final String region, final List<Subscription> subscriptions,
                           final Chaos chaos, final Duration pollInterval) {
        this.s3 = s3;
        this.region = region;
        this.subscriptions = List.copyOf(subscriptions);
        this.chaos = chaos;
        this.random = new Random(chaos.seed());
        for (Subscription subscription : this.subscriptions) {
            seen.put(subscription, new HashMap<>());
        }
        if (pollInterval == null || pollInterval.isZero() || this.subscriptions.isEmpty()) {
            poller = null;
        } else {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                final Thread thread = new Thread(runnable, "lakeobs-s3-notifications");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::pollQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Finds objects created since the last round and delivers their events, plus earlier
     * deliveries that failed; returns how many deliveries succeeded in this round.
     */
    public synchronized int deliverPending() {
        observe();
        final List<Pending> round = new ArrayList<>(pending);
        pending.clear();
        if (chaos.reorder()) {
            Collections.shuffle(round, random);
        }
        final List<Pending> deliveries = new ArrayList<>(round);
        if (chaos.duplicateProbability() > 0) {
            for (Pending event : round) {
                if (random.nextDouble() < chaos.duplicateProbability()) {
                    // the duplicate arrives later in the round, possibly after other events
                    final int after = deliveries.indexOf(event) + 1;
                    deliveries.add(after + random.nextInt(deliveries.size() - after + 1), event);
                }
            }
        }
        int succeeded = 0;
        for (Pending event : deliveries) {
            try {
                event.subscription().target().accept(event.eventJson());
                succeeded++;
                delivered++;
            } catch (RuntimeException e) {
                final int attempts = event.attempts() + 1;
                if (attempts >= MAX_ATTEMPTS) {
                    failures.add(new Failure(++failureSequence, event.subscription(), event.eventJson(), e));
                } else {
                    pending.add(new Pending(event.subscription(), event.eventJson(), attempts));
                }
            }
        }
        return succeeded;
    }

    /** Events that failed {@link #MAX_ATTEMPTS} times. */
    public synchronized List<Failure> failed() {
        return List.copyOf(failures);
    }

    /**
     * The failed events as the embedded stack's failure queue (what SQS is to the deployed indexer):
     * receiving lists them, oldest first; deleting one forgets it.
     */
    public FailureQueue failureQueue() {
        return new FailureQueue() {
            @Override
            public List<FailedEvent> receive(final int max) {
                synchronized (S3Notifications.this) {
                    final List<FailedEvent> events = new ArrayList<>();
                    for (int i = 0; i < failures.size() && events.size() < max; i++) {
                        final Failure failure = failures.get(i);
                        events.add(new FailedEvent(Long.toString(failure.id()), "failed event " + failure.id(),
                            failure.eventJson(), null));
                    }
                    return events;
                }
            }

            @Override
            public void delete(final FailedEvent event) {
                synchronized (S3Notifications.this) {
                    failures.removeIf(f -> Long.toString(f.id()).equals(event.handle()));
                }
            }
        };
    }

    /** Successful deliveries so far, duplicates included. */
    public synchronized long deliveredCount() {
        return delivered;
    }

    private void observe() {
        for (Subscription subscription : subscriptions) {
            final Map<String, String> known = seen.get(subscription);
            final ListObjectsV2Request request = ListObjectsV2Request.builder()
                    .bucket(subscription.bucket()).prefix(subscription.prefix()).build();
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                final String previous = known.put(object.key(), object.eTag());
                if (object.eTag().equals(previous)) {
                    continue;
                }
                final String json = S3EventJson.objectCreatedPut(region, new S3EventJson.ObjectCreated(
                        subscription.bucket(), object.key(), object.size(), object.eTag(),
                        String.format("%016X", ++sequence), object.lastModified()));
                pending.add(new Pending(subscription, json, 0));
            }
        }
    }

    private void pollQuietly() {
        try {
            deliverPending();
        } catch (RuntimeException e) {
            System.err.println("lakeobs local: S3 notification round failed: " + e);
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
