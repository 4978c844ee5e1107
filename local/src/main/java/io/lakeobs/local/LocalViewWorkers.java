package io.lakeobs.local;

import io.lakeobs.functions.views.ViewPartHandler;
import io.lakeobs.functions.views.split.LambdaViewWorkers;
import io.lakeobs.functions.views.split.PartRequest;
import io.lakeobs.functions.views.split.PartResult;
import io.lakeobs.functions.views.split.ViewPartWorker;
import io.lakeobs.functions.views.split.ViewWorkers;

/**
 * The views worker function on the embedded stack, invoked as the coordinator invokes it on AWS:
 * the part request as JSON through the Lambda runtime's serializers into {@link ViewPartHandler},
 * its answer back as JSON, in-process. The coordinator's {@code PartRunner} calls it from several
 * threads at once, as it would send concurrent invocations; the handler is thread-safe.
 */
public final class LocalViewWorkers implements ViewWorkers {
    private final ViewPartHandler handler;

    public LocalViewWorkers(final ViewPartWorker worker) {
        this.handler = new ViewPartHandler(worker);
    }

    @Override
    public PartResult run(final PartRequest request) {
        final String answer = LambdaInvoker.invoke(handler, LambdaViewWorkers.json(request.toMap()),
            LocalContext.forFunction("lakeobs-view-part"));
        return PartResult.fromMap(LambdaViewWorkers.parse(answer));
    }
}
