package io.lakeobs.transit.testing;

import io.lakeobs.transit.layout.Utf8;

import java.util.Map;

/**
 * The canonical one-line text of a decoded event, shared by the expected side (the model) and
 * the decoded side (the visitor), and used as the golden vectors' readable form. Strings are
 * shown after {@link Utf8#normalize} with JSON-style escapes, so any Unicode stays readable.
 */
public final class Lines {
    private Lines() {
    }

    public static String quote(final String value) {
        final String text = Utf8.normalize(value);
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !Character.isLetterOrDigit(c))) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Doubles by value, NaN with its exact bits (the format keeps them). */
    public static String number(final double value) {
        return Double.isNaN(value) ? "NaN#" + Long.toHexString(Double.doubleToRawLongBits(value)) : Double.toString(value);
    }

    public static String properties(final Map<String, String> properties) {
        final StringBuilder out = new StringBuilder("{");
        for (final Map.Entry<String, String> entry : properties.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(quote(entry.getKey())).append(": ").append(quote(entry.getValue()));
        }
        return out.append('}').toString();
    }
}
