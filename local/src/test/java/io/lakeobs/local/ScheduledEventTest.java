package io.lakeobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledEventTest {

    @Test
    void runsAScheduledFunctionWithTheEventBridgeEvent() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.builder().tables(prefix -> List.of()).notificationPollInterval(Duration.ZERO).start()) {
            final String response = stack.runScheduled(new Describe(),
                    EmbeddedStack.scheduledEvent("lakeobs-views-every-minute", Instant.parse("2026-11-21T20:01:00.123Z")));
            // EventBridge times are whole seconds
            final long fired = Instant.parse("2026-11-21T20:01:00Z").toEpochMilli();
            assertThat(response).isEqualTo("\"Scheduled Event|aws.events|" + fired + "|"
                    + "arn:aws:events:us-east-1:000000000000:rule/lakeobs-views-every-minute\"");
        }
    }

    static final class Describe implements RequestHandler<ScheduledEvent, String> {
        @Override
        public String handleRequest(final ScheduledEvent event, final Context context) {
            return event.getDetailType() + "|" + event.getSource() + "|" + event.getTime().getMillis() + "|" + event.getResources().get(0);
        }
    }
}
