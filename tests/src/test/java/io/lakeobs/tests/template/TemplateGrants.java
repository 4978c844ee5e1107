package io.lakeobs.tests.template;

import io.lakeobs.local.iam.AwsCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What sam-template.yaml allows each function (and the block-upload signer role) to do, as
 * {@link AwsCall}s named the way the local stack's recorders name what was done: one per
 * (principal, action, resource) of every Allow statement, a listing per {@code s3:prefix} of its
 * condition. A statement this cannot name (an unknown resource form, a Deny, a wildcard) fails,
 * naming the statement, rather than being skipped.
 */
public final class TemplateGrants {
    private static final Pattern RAW_OBJECT = Pattern.compile(
        "arn:\\$\\{AWS::Partition}:s3:::\\$\\{ResourcePrefix}-([a-z]+)-\\$\\{AWS::AccountId}-\\$\\{AWS::Region}(/[^/*]+/\\*)?");
    private static final Pattern BUCKET_ARN = Pattern.compile("\\$\\{([A-Za-z]+)\\.Arn}(/[^/*]+/\\*)");
    private static final Pattern TABLE_ARN = Pattern.compile("\\$\\{([A-Za-z]+)\\.Arn}(/index/[A-Za-z_]+)?");
    private static final Pattern NAME_SUFFIX = Pattern.compile("\\$\\{ResourcePrefix}-([a-z_]+)(-.*)?");

    private TemplateGrants() {
    }

    /** Every grant of every function and IAM role in the template, sorted. */
    public static SortedSet<AwsCall> all() {
        final Template template = Template.load();
        final SortedSet<AwsCall> grants = new TreeSet<>();
        template.resources().forEach((id, resource) -> {
            final Map<String, Object> properties = Template.properties(resource);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                for (final Object policy : asList(properties.get("Policies"))) {
                    statements(id, Template.map(policy).get("Statement"), template, grants);
                }
            } else if ("AWS::IAM::Role".equals(resource.get("Type"))) {
                for (final Object policy : asList(properties.get("Policies"))) {
                    statements(id, Template.map(Template.map(policy).get("PolicyDocument")).get("Statement"), template, grants);
                }
            }
        });
        return grants;
    }

    /** The repository root (where sam-template.yaml is). */
    public static java.nio.file.Path repositoryRoot() {
        return TemplateFiles.repositoryRoot();
    }

    private static void statements(final String principal, final Object statements, final Template template,
                                   final SortedSet<AwsCall> grants) {
        if (statements == null) {
            throw new AssertionError(principal + ": a policy without Statement (SAM policy templates are not allowed)");
        }
        for (final Object each : Template.list(statements)) {
            final Map<String, Object> statement = Template.map(each);
            if (!"Allow".equals(statement.get("Effect"))) {
                throw new AssertionError(principal + ": only Allow statements are expected, got " + statement);
            }
            final List<String> prefixes = listPrefixes(principal, statement);
            for (final Object action : asList(statement.get("Action"))) {
                for (final Object resource : asList(statement.get("Resource"))) {
                    final String name = resource(principal, resource, template);
                    if (prefixes.isEmpty()) {
                        grants.add(new AwsCall(principal, (String) action, name));
                    } else {
                        prefixes.forEach(prefix -> grants.add(new AwsCall(principal, (String) action, name + "?prefix=" + prefix)));
                    }
                }
            }
        }
    }

    private static List<String> listPrefixes(final String principal, final Map<String, Object> statement) {
        final Object condition = statement.get("Condition");
        if (condition == null) {
            return List.of();
        }
        final Object prefixes = Template.map(Template.map(condition).get("StringLike")).get("s3:prefix");
        if (prefixes == null || Template.map(condition).size() != 1) {
            throw new AssertionError(principal + ": only a StringLike s3:prefix condition is expected, got " + condition);
        }
        final List<String> names = new ArrayList<>();
        asList(prefixes).forEach(prefix -> names.add((String) prefix));
        return names;
    }

    private static String resource(final String principal, final Object resource, final Template template) {
        if (resource instanceof Map<?, ?> intrinsic) {
            if (intrinsic.get("Fn::GetAtt") instanceof List<?> getAtt && "Arn".equals(getAtt.get(1))) {
                return named(principal, (String) getAtt.get(0), "", template);
            }
            if (intrinsic.get("Ref") instanceof String ref && ref.endsWith(".Alias")) {
                return "function/" + ref.substring(0, ref.length() - ".Alias".length());
            }
            if (intrinsic.get("Fn::Sub") instanceof String sub) {
                final Matcher raw = RAW_OBJECT.matcher(sub);
                if (raw.matches()) {
                    return raw.group(1) + (raw.group(2) == null ? "" : raw.group(2));
                }
                final Matcher arn = TABLE_ARN.matcher(sub);
                if (arn.matches()) {
                    return named(principal, arn.group(1), arn.group(2) == null ? "" : arn.group(2), template);
                }
                final Matcher bucket = BUCKET_ARN.matcher(sub);
                if (bucket.matches()) {
                    return named(principal, bucket.group(1), bucket.group(2), template);
                }
            }
        }
        throw new AssertionError(principal + ": a resource this cannot name: " + resource);
    }

    /** A table as table/{name}, a bucket as its kind (raw, views), a role as role/{id}, a function as function/{id}, from the resource's definition. */
    private static String named(final String principal, final String id, final String suffix, final Template template) {
        final Map<String, Object> resource = template.resources().get(id);
        if (resource == null) {
            throw new AssertionError(principal + ": no resource " + id);
        }
        final Map<String, Object> properties = Template.properties(resource);
        return switch ((String) resource.get("Type")) {
            case "AWS::DynamoDB::Table" -> "table/" + nameSuffix(properties.get("TableName")) + suffix;
            case "AWS::S3::Bucket" -> nameSuffix(properties.get("BucketName")) + suffix;
            case "AWS::IAM::Role" -> "role/" + id + suffix;
            case "AWS::Serverless::Function" -> "function/" + id + suffix;
            default -> throw new AssertionError(principal + ": a resource of an unexpected type: " + id);
        };
    }

    private static String nameSuffix(final Object name) {
        final Matcher matcher = NAME_SUFFIX.matcher((String) Template.map(name).get("Fn::Sub"));
        if (!matcher.matches()) {
            throw new AssertionError("a name not of the form ${ResourcePrefix}-<name>: " + name);
        }
        return matcher.group(1);
    }

    private static List<Object> asList(final Object value) {
        return value instanceof List<?> ? Template.list(value) : value == null ? List.of() : List.of(value);
    }
}
