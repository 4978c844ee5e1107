package io.lakeobs.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The event EventBridge sends to a function when a schedule rule fires. */
public final class ScheduledEventJson {

    static final String ACCOUNT = "000000000000";

    private ScheduledEventJson() {
    }

    /** The "Scheduled Event" JSON for rule {@code ruleName} firing at {@code time} (whole seconds, as EventBridge sends). */
    public static String of(final String region, final String ruleName, final Instant time) {
        final ObjectNode event = FunctionUrlEvents.JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", ACCOUNT);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.putArray("resources").add("arn:aws:events:" + region + ":" + ACCOUNT + ":rule/" + ruleName);
        event.putObject("detail");
        return event.toString();
    }
}
