package io.lakeobs.functions.views;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lakeobs.functions.views.split.PartRequest;
import io.lakeobs.functions.views.split.ViewPartWorker;

import java.util.Map;

/**
 * The views worker function: derives one part of a global window the scheduled coordinator split
 * ({@link PartRequest} in, {@code PartResult} out, as JSON), invoked synchronously by the
 * coordinator, several at once. It stores the part's files only; the coordinator publishes.
 */
public final class ViewPartHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ViewPartWorker worker;

    public ViewPartHandler() {
        this(ScheduledViewsHandler.Holder.RUNTIME.partWorker());
    }

    public ViewPartHandler(final ViewPartWorker worker) {
        this.worker = worker;
    }

    @Override
    public Map<String, Object> handleRequest(final Map<String, Object> event, final Context context) {
        return worker.run(PartRequest.fromMap(event)).toMap();
    }
}
