package io.lakeobs.local.iam;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records each STS operation as {@code sts:<Operation>} on the role it names ({@code role/<name without the stack prefix>}). */
public final class RecordingStsInterceptor implements ExecutionInterceptor {
    private final CallRecorder recorder;
    private final String principal;
    private final AwsResources resources;

    public RecordingStsInterceptor(final CallRecorder recorder, final String principal, final AwsResources resources) {
        this.recorder = recorder;
        this.principal = principal;
        this.resources = resources;
    }

    @Override
    public void beforeExecution(final Context.BeforeExecution context, final ExecutionAttributes attributes) {
        recorder.record(principal, "sts:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
            resources.role(context.request().getValueForField("RoleArn", String.class).orElse("*")));
    }
}
