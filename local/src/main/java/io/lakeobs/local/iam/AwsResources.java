package io.lakeobs.local.iam;

import java.util.Map;

/**
 * Names the stack's buckets and tables the way {@link AwsCall} does: a bucket by its kind
 * ({@code raw}, {@code views}) and an object by its first key segment ({@code raw/blocks/*}); a
 * table by its name without the stack's prefix. A bucket or table of no known kind keeps its
 * full name, so that a call outside the stack's own resources shows up as such.
 */
public record AwsResources(Map<String, String> bucketKinds, String tablePrefix) {

    public AwsResources {
        bucketKinds = Map.copyOf(bucketKinds);
    }

    public String object(final String bucket, final String key) {
        return bucket(bucket) + "/" + firstSegment(key);
    }

    public String listing(final String bucket, final String prefix) {
        return bucket(bucket) + "?prefix=" + (prefix == null || prefix.isEmpty() ? "*" : firstSegment(prefix));
    }

    public String table(final String tableName, final String indexName) {
        final String table = "table/" + (tableName.startsWith(tablePrefix) ? tableName.substring(tablePrefix.length()) : tableName);
        return indexName == null ? table : table + "/index/" + indexName;
    }

    /** A role by its name ({@code arn:aws:iam::1:role/BlockUploadSignerRole} is {@code role/BlockUploadSignerRole}), without the stack prefix. */
    public String role(final String roleArn) {
        final String name = roleArn.substring(roleArn.indexOf(":role/") + ":role/".length());
        return "role/" + (name.startsWith(tablePrefix) ? name.substring(tablePrefix.length()) : name);
    }

    private String bucket(final String bucket) {
        return bucketKinds.getOrDefault(bucket, bucket);
    }

    /** {@code blocks/2026-12-07/p/s/b} becomes {@code blocks/*}; a key without a slash stays whole. */
    static String firstSegment(final String key) {
        final int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash + 1) + "*";
    }
}
