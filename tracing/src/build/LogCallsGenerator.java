package io.lakeobs.tracing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code LogCalls.java}: a {@code log} overload of {@link LogCallSite} for every mix of
 * long, double, float, char, boolean and CharSequence arguments up to {@link #MAX_ARITY}, so
 * any natural call picks the overload of its exact types (Java picks the most specific one, and
 * the full product always has it) and nothing is widened or boxed. Primitive-only mixes have a
 * known size and go straight to the ring, with the out-of-line slow claim of {@code RingEvents};
 * mixes with strings go through the {@code Recorder}.
 *
 * <p>The build runs it (tracing/pom.xml, generate-sources) as a single-file program, needing only
 * the JDK: {@code java tracing/src/build/LogCallsGenerator.java <LogCalls.java to write>}; the
 * 1 554 overloads (1.7 MB of source) are never committed. {@code LogCallsTest} checks the result.
 */
public final class LogCallsGenerator {
    static final int MAX_ARITY = 4;

    /** An argument type: its Java type, its EventWriter method and its exact length (0 for strings). */
    private record Kind(String type, String writer, String length) {
        boolean text() {
            return writer == null;
        }
    }

    private static final List<Kind> KINDS = List.of(
        new Kind("long", "putLongArgument", "LONG_ARGUMENT_LENGTH"),
        new Kind("double", "putDoubleArgument", "DOUBLE_ARGUMENT_LENGTH"),
        new Kind("float", "putFloatArgument", "FLOAT_ARGUMENT_LENGTH"),
        new Kind("char", "putCharArgument", "CHAR_ARGUMENT_LENGTH"),
        new Kind("boolean", "putBooleanArgument", "BOOLEAN_ARGUMENT_LENGTH"),
        new Kind("CharSequence", null, null));

    private LogCallsGenerator() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java LogCallsGenerator.java <path of LogCalls.java to write>");
        }
        final Path target = Path.of(args[0]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, source(), StandardCharsets.UTF_8);
    }

    static String source() {
        final StringBuilder out = new StringBuilder();
        out.append("""
            package io.lakeobs.tracing;

            import io.lakeobs.tracing.sink.StreamKind;
            import io.lakeobs.transit.telemetry.EventWriter;

            import static io.lakeobs.transit.telemetry.EventDescriptor.*;

            /**
             * GENERATED at build time by tracing/src/build/LogCallsGenerator.java: do not edit. The {@code log} overloads of
             * {@link LogCallSite}, one per mix of long, double, float, char, boolean and CharSequence
             * arguments up to four, so every argument is stored as the type the caller wrote, with no
             * boxing and no allocation. A call with an int, short or byte takes the long overload.
             * Strings longer than the runtime's {@code maxStringChars} are cut at a character boundary and
             * marked as cut; null strings are stored as null.
             */
            abstract class LogCalls {
                final int id;
                final int level;

                LogCalls(final int id, final int level) {
                    this.id = id;
                    this.level = level;
                }

            """);
        for (int arity = 1; arity <= MAX_ARITY; arity++) {
            for (final List<Kind> mix : mixes(arity)) {
                if (mix.stream().anyMatch(Kind::text)) {
                    recorderCall(out, mix);
                } else {
                    ringCall(out, mix);
                }
            }
        }
        return out.append("}\n").toString();
    }

    private static List<List<Kind>> mixes(final int arity) {
        List<List<Kind>> mixes = List.of(List.of());
        for (int i = 0; i < arity; i++) {
            final List<List<Kind>> longer = new ArrayList<>();
            for (final List<Kind> mix : mixes) {
                for (final Kind kind : KINDS) {
                    final List<Kind> next = new ArrayList<>(mix);
                    next.add(kind);
                    longer.add(next);
                }
            }
            mixes = longer;
        }
        return mixes;
    }

    private static String name(final int index) {
        return String.valueOf((char) ('a' + index));
    }

    private static String parameters(final List<Kind> mix) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < mix.size(); i++) {
            out.append(i > 0 ? ", " : "").append("final ").append(mix.get(i).type()).append(' ').append(name(i));
        }
        return out.toString();
    }

    private static String names(final List<Kind> mix) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < mix.size(); i++) {
            out.append(", ").append(name(i));
        }
        return out.toString();
    }

    private static void ringCall(final StringBuilder out, final List<Kind> mix) {
        final StringBuilder length = new StringBuilder("LOG_ARGS_PREFIX");
        for (final Kind kind : mix) {
            length.append(" + ").append(kind.length());
        }
        out.append("    public final void log(").append(parameters(mix)).append(") {\n")
            .append("        if (level >= Installation.logThreshold) {\n")
            .append("            final Ring ring = Installation.logRing();\n")
            .append("            if (ring != null) {\n")
            .append("                final long start = ring.tryClaim(").append(length).append(");\n")
            .append("                if (start != Ring.FULL) {\n");
        writes(out, mix, "                    ");
        out.append("                } else {\n")
            .append("                    logSlowly(ring, id").append(names(mix)).append(");\n")
            .append("                }\n")
            .append("            } else {\n")
            .append("                logVirtually(id").append(names(mix)).append(");\n")
            .append("            }\n")
            .append("        }\n")
            .append("    }\n\n");
        virtualCall(out, mix, () -> out.append("                logSlowly(ring, id")
            .append(names(mix)).append(");\n"));
        out.append("    private static void logSlowly(final Ring ring, final int id, ").append(parameters(mix)).append(") {\n")
            .append("        final long start = ring.claim(").append(length).append(");\n")
            .append("        if (start != Ring.FULL) {\n");
        writes(out, mix, "            ");
        out.append("        }\n")
            .append("    }\n\n");
    }

    private static void writes(final StringBuilder out, final List<Kind> mix, final String indent) {
        out.append(indent).append("long at = RingEvents.beginArguments(ring, start, id, ").append(mix.size()).append(");\n");
        for (int i = 0; i < mix.size(); i++) {
            out.append(indent).append("at = EventWriter.").append(mix.get(i).writer()).append("(null, at, ").append(name(i)).append(");\n");
        }
        out.append(indent).append("RingEvents.commitArguments(ring, start, at);\n");
    }

    private static void recorderCall(final StringBuilder out, final List<Kind> mix) {
        out.append("    public final void log(").append(parameters(mix)).append(") {\n")
            .append("        if (level >= Installation.logThreshold) {\n")
            .append("            final Recorder recorder = Installation.recorder();\n")
            .append("            if (recorder != null) {\n");
        recorderWrites(out, mix, "recorder", "                ");
        out.append("            } else {\n")
            .append("                logVirtually(id").append(names(mix)).append(");\n")
            .append("            }\n")
            .append("        }\n")
            .append("    }\n\n");
        virtualCall(out, mix, () -> recorderWrites(out, mix, "ring.recorder", "                "));
    }

    /** {@code logVirtually}: a virtual thread's log, {@code writes} into its stripe, taken for the event (VirtualRecording). */
    private static void virtualCall(final StringBuilder out, final List<Kind> mix, final Runnable writes) {
        out.append("    private static void logVirtually(final int id, ").append(parameters(mix)).append(") {\n")
            .append("        final Ring ring = Installation.stripeRing(StreamKind.LOG);\n")
            .append("        if (ring != null) {\n")
            .append("            try {\n");
        writes.run();
        out.append("            } finally {\n")
            .append("                VirtualStripes.release(ring);\n")
            .append("            }\n")
            .append("        }\n")
            .append("    }\n\n");
    }

    private static void recorderWrites(final StringBuilder out, final List<Kind> mix, final String recorder, final String indent) {
        if (mix.size() == 1) {
            out.append(indent).append(recorder).append(".log(id, a);\n");
            return;
        }
        final StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < mix.size(); i++) {
            bytes.append(i > 0 ? " + " : "")
                .append(mix.get(i).text() ? recorder + ".stringBound(" + name(i) + ")" : mix.get(i).length());
        }
        out.append(indent).append("if (").append(recorder).append(".beginArguments(id, ").append(mix.size()).append(", ")
            .append(bytes).append(")) {\n");
        for (int i = 0; i < mix.size(); i++) {
            out.append(indent).append("    ").append(recorder).append(".argument(").append(name(i)).append(");\n");
        }
        out.append(indent).append("    ").append(recorder).append(".endArguments();\n")
            .append(indent).append("}\n");
    }
}
