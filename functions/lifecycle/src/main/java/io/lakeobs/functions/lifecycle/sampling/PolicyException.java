package io.lakeobs.functions.lifecycle.sampling;

/** A sampling policy document that cannot be used, with the field at fault named (e.g. {@code rules[1].when.level_at_least}). */
public final class PolicyException extends IllegalArgumentException {
    private final String field;

    public PolicyException(final String field, final String problem) {
        super("sampling policy: " + field + ": " + problem);
        this.field = field;
    }

    /** The path of the field at fault, as written in the document. */
    public String field() {
        return field;
    }
}
