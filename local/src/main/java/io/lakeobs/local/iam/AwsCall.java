package io.lakeobs.local.iam;

import java.util.Comparator;
import java.util.Objects;

/**
 * One permission a function used, as IAM sees it: who (the template's logical id of the function
 * or role), which IAM action ({@code s3:GetObject}, {@code dynamodb:Query}, ...), and on what,
 * named the way both the recorder and the template reader can produce it:
 * {@code table/blocks}, {@code table/blocks/index/by_insert}, {@code raw/blocks/*} (bucket kind and
 * first key segment), {@code raw?prefix=blocks/*} (a listing), {@code role/BlockUploadSignerRole},
 * {@code function/OnDemandEtlFunction}.
 */
public record AwsCall(String principal, String action, String resource) implements Comparable<AwsCall> {
    private static final Comparator<AwsCall> ORDER = Comparator.comparing(AwsCall::principal)
        .thenComparing(AwsCall::action).thenComparing(AwsCall::resource);

    public AwsCall {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }

    @Override
    public int compareTo(final AwsCall other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return principal + " " + action + " " + resource;
    }
}
