package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.layout.Utf8;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.EventWriter;

import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

import static io.lakeobs.transit.telemetry.EventDescriptor.*;

/**
 * One thread's recording state: its three rings (created on first use, so a thread that only
 * logs holds no span memory), its span scope stack, its block of async span ids and the scratch
 * of string arguments. Reached through {@link Installation#recorder()} by string logs and
 * spans; static logs, logs with primitive arguments and metrics go to the ring directly (see
 * {@link RingEvents}). Every method runs on the owning thread only, except
 * {@link #ring(StreamKind)} and the identity fields, which the collector reads.
 *
 * <p>A stripe's recorder ({@link VirtualStripes}) has no thread: virtual threads share it, one at
 * a time, between {@link #acquire} and {@link #release}, which hand the "owning thread" role over.
 */
final class Recorder {
    /** The most arguments a log_args event carries (its count is one byte). */
    static final int MAX_ARGUMENTS = 255;
    private static final int SPAN_IDS_PER_BLOCK = 4096;
    /** Throwables of a cause chain recorded with a log, and frames recorded per throwable. */
    static final int MAX_THROWABLES = 8;
    static final int MAX_FRAMES = 32;
    /** How a boxed argument is stored (see {@link #log(int, Object[], int)}). */
    private static final byte WHOLE = 0;
    private static final byte FLOATING = 1;
    private static final byte TRUTH = 2;
    private static final byte TEXT = 3;
    private static final byte OTHER = 4;
    private static final byte SINGLE = 5;
    private static final byte CHARACTER = 6;

    private static final VarHandle OWNER;
    /** The ring fields, for reads by other threads (the collector, a stripe's virtual threads). */
    private static final VarHandle LOG_RING;
    private static final VarHandle METRICS_RING;
    private static final VarHandle SPANS_RING;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(Recorder.class, "owner", long.class);
            LOG_RING = lookup.findVarHandle(Recorder.class, "log", Ring.class);
            METRICS_RING = lookup.findVarHandle(Recorder.class, "metrics", Ring.class);
            SPANS_RING = lookup.findVarHandle(Recorder.class, "spans", Ring.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spins on a taken stripe before yielding the carrier to the virtual thread that holds it. */
    private static final int SPINS_BEFORE_YIELD = 64;

    /** The recording thread; null for a stripe. */
    final Thread thread;
    /** The stripe's index, or -1 for a platform thread's recorder. */
    final int stripe;
    /**
     * A stripe's holder: its thread id (ids are positive), 0 when free; CAS to take it, release
     * store to give it back. A long, not the Thread: storing a reference would add the garbage
     * collector's write barriers (a card-table check) to every take.
     */
    @SuppressWarnings("unused") // through OWNER
    private volatile long owner;
    final TracingRuntime runtime;
    /** Whether the runtime records metrics and spans (copies of its configuration, for the span path and ring misses). */
    final boolean metricsEnabled;
    final boolean spansEnabled;
    final Clock clock;
    private final int maxStringChars;
    /** A stripe's virtual threads create its rings under this lock, not while holding the stripe ({@link #prepareRing}). */
    private final ReentrantLock ringCreation = new ReentrantLock();
    private final Truncated truncated = new Truncated();
    /** Scratch for ASCII string arguments, as long as the longest string kept. */
    private final byte[] ascii;
    /** Scratch for the texts of boxed-argument logs' other objects, so each toString() runs once. */
    private final String[] argumentTexts = new String[MAX_ARGUMENTS];
    /** Scratch for the kinds of a boxed-argument log's arguments, found once per argument. */
    private final byte[] argumentKinds = new byte[MAX_ARGUMENTS];
    final SpanScope scope = new SpanScope(this);
    private Ring log;
    private Ring metrics;
    private Ring spans;
    private Ring argumentsRing;
    /** Raw addresses of the log being written: its start, its next argument, the end of its room. */
    private long argumentsStart;
    private long argumentsAt;
    private long argumentsLimit;
    private long nextSpanId;
    private long spanIdLimit;
    /** The async span running on this thread and its depth; set by {@link AsyncSpans}. */
    final AsyncContext async = new AsyncContext();
    /** The collector's per-kind stream state for this thread; touched by the collector only. */
    final StreamState[] streams = new StreamState[StreamKind.values().length];

    Recorder(final TracingRuntime runtime, final Thread thread) {
        this(runtime, thread, -1);
    }

    /** Stripe {@code stripe} of {@link VirtualStripes}. */
    Recorder(final TracingRuntime runtime, final int stripe) {
        this(runtime, null, stripe);
    }

    private Recorder(final TracingRuntime runtime, final Thread thread, final int stripe) {
        this.runtime = runtime;
        this.thread = thread;
        this.stripe = stripe;
        this.metricsEnabled = runtime.enabled(StreamKind.METRICS);
        this.spansEnabled = runtime.enabled(StreamKind.SPANS);
        this.clock = runtime.config.clock();
        this.maxStringChars = runtime.config.maxStringChars();
        this.ascii = new byte[maxStringChars];
    }

    /** Whether its thread lives (a stripe lives as long as its runtime); for the collector. */
    boolean alive() {
        return thread == null || thread.isAlive();
    }

    /** The thread name its streams announce. */
    String threadName() {
        return thread == null ? VirtualStripes.streamName(stripe) : thread.getName();
    }

    /** The thread id its streams announce: a stripe's says no thread until its first thread_switch ({@value VirtualStripes#NO_THREAD}). */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    long threadId() {
        return thread == null ? VirtualStripes.NO_THREAD : thread.getId();
    }

    /**
     * Takes a stripe for the virtual thread whose id is {@code threadId}. Never parks: it spins
     * briefly, then yields the carrier so that a holder which was unmounted (only possible inside
     * an argument's own {@code toString()}) gets to run and release it.
     */
    void acquire(final long threadId) {
        int spins = 0;
        while (!OWNER.compareAndSet(this, 0L, threadId)) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                spins = 0;
                Thread.yield();
            }
        }
    }

    /** Gives the stripe back; its ring writes so far happen-before the next holder's. */
    void release() {
        OWNER.setRelease(this, 0L);
    }

    /**
     * The ring of that kind once created (null before), as other threads see it: the collector,
     * and a stripe's virtual threads (one field load: the kind is a constant at their call sites,
     * and compared by identity, which the JIT folds, where an enum switch would read the kind's
     * ordinal and a switch-map array on every event).
     */
    Ring ring(final StreamKind kind) {
        if (kind == StreamKind.LOG) {
            return (Ring) LOG_RING.getAcquire(this);
        }
        return kind == StreamKind.METRICS ? (Ring) METRICS_RING.getAcquire(this) : (Ring) SPANS_RING.getAcquire(this);
    }

    // ---- logs with string arguments ----
    // Their room depends on the strings, so a log is built over several calls from the call
    // site, with its addresses kept in fields (except one ASCII string, written in one go).

    /** Starts a log with arguments; when it returns true, add exactly {@code count} arguments and call {@link #endArguments}. */
    boolean beginArguments(final int site, final int count, final int argumentBytes) {
        final Ring ring = logRing();
        final long address = ring.claim(LOG_ARGS_PREFIX + argumentBytes);
        if (address == Ring.FULL) {
            return false;
        }
        argumentsRing = ring;
        argumentsStart = address;
        argumentsLimit = address + LOG_ARGS_PREFIX + argumentBytes;
        argumentsAt = RingEvents.beginArguments(ring, address, site, count);
        return true;
    }

    void argument(final long value) {
        argumentsAt = EventWriter.putLongArgument(null, argumentsAt, value);
    }

    void argument(final double value) {
        argumentsAt = EventWriter.putDoubleArgument(null, argumentsAt, value);
    }

    void argument(final boolean value) {
        argumentsAt = EventWriter.putBooleanArgument(null, argumentsAt, value);
    }

    void argument(final float value) {
        argumentsAt = EventWriter.putFloatArgument(null, argumentsAt, value);
    }

    void argument(final char value) {
        argumentsAt = EventWriter.putCharArgument(null, argumentsAt, value);
    }

    /**
     * A log whose arguments arrive boxed (logging bridges): whole numbers, doubles and booleans
     * are stored as such, CharSequences and null as strings, anything else as its text
     * ({@link #textOf}), taken once (into {@link #argumentTexts}) and never thrown out of.
     * Each argument's kind is found once, exact classes first: an interface check such as
     * {@code instanceof CharSequence} on a {@code Long} scans its interfaces.
     */
    void log(final int site, final Object[] arguments, final int count) {
        final int bytes = argumentBytes(arguments, count);
        if (beginArguments(site, count, bytes)) {
            for (int i = 0; i < count; i++) {
                final Object argument = arguments[i];
                switch (argumentKinds[i]) {
                    case WHOLE -> argument(((Number) argument).longValue());
                    case FLOATING -> argument(((Number) argument).doubleValue());
                    case TRUTH -> argument(((Boolean) argument).booleanValue());
                    case SINGLE -> argument(((Float) argument).floatValue());
                    case CHARACTER -> argument(((Character) argument).charValue());
                    case TEXT -> argument((CharSequence) argument);
                    default -> argument(argumentTexts[i]);
                }
            }
            endArguments();
        }
        Arrays.fill(argumentTexts, 0, count, null);
    }

    private static byte kindOf(final Object value) {
        if (value == null || value instanceof String) {
            return TEXT;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return WHOLE;
        } else if (value instanceof Double) {
            return FLOATING;
        } else if (value instanceof Boolean) {
            return TRUTH;
        } else if (value instanceof Float) {
            return SINGLE;
        } else if (value instanceof Character) {
            return CHARACTER;
        } else {
            return value instanceof CharSequence ? TEXT : OTHER;
        }
    }

    /** The text of an argument stored as a string: an array by its elements, anything else by its {@code toString()}. */
    private static String textOf(final Object value) {
        try {
            if (value.getClass().isArray()) {
                final String wrapped = Arrays.deepToString(new Object[] {value});
                return wrapped.substring(1, wrapped.length() - 1);
            }
            return String.valueOf(value);
        } catch (final RuntimeException brokenToString) {
            return "[toString() threw " + brokenToString.getClass().getName() + "]";
        }
    }

    /**
     * A log with one string argument. An ASCII string (the common case) is claimed at its exact
     * size and written in one go, through locals, like the primitive logs (with the same
     * out-of-line slow claim as {@link RingEvents}); anything else takes the general path below.
     */
    void log(final int site, final CharSequence a) {
        if (isShortAscii(a)) {
            final String string = (String) a;
            final Ring ring = logRing();
            final long start = ring.tryClaim(LOG_ARGS_PREFIX + STRING_ARGUMENT_PREFIX + string.length());
            if (start != Ring.FULL) {
                logAscii(ring, start, site, string);
            } else {
                logAsciiSlowly(ring, site, string);
            }
        } else if (beginArguments(site, 1, stringBound(a))) {
            argument(a);
            endArguments();
        }
    }

    private void logAsciiSlowly(final Ring ring, final int site, final String string) {
        final long start = ring.claim(LOG_ARGS_PREFIX + STRING_ARGUMENT_PREFIX + string.length());
        if (start != Ring.FULL) {
            logAscii(ring, start, site, string);
        }
    }

    @SuppressWarnings("deprecation")
    private void logAscii(final Ring ring, final long start, final int site, final String string) {
        final int length = string.length();
        string.getBytes(0, length, ascii, 0); // deprecated for dropping high bytes; there are none here
        final long argument = RingEvents.beginArguments(ring, start, site, 1);
        RingEvents.commitArguments(ring, start, EventWriter.putUtf8Argument(null, argument, ascii, length));
    }

    /**
     * Writes a string argument of a log begun with {@link #beginArguments(int, int, int)}. ASCII
     * strings are copied into a per-thread array by {@code String.getBytes} (an array copy for
     * Latin-1 strings) and stored with one memory copy. Anything else goes
     * through transit's encoder, cut to the room claimed, so a CharSequence that changes or
     * fails meanwhile (say a StringBuilder another thread mutates) can neither overrun the claim
     * nor throw at the caller.
     */
    @SuppressWarnings("deprecation")
    void argument(final CharSequence value) {
        if (isShortAscii(value)) {
            final String string = (String) value;
            final int length = string.length();
            string.getBytes(0, length, ascii, 0); // deprecated for dropping high bytes; there are none here
            argumentsAt = EventWriter.putUtf8Argument(null, argumentsAt, ascii, length);
            return;
        }
        final Ring ring = argumentsRing;
        final int index = ring.index(argumentsAt);
        try {
            final int room = (int) (argumentsLimit - argumentsAt - STRING_ARGUMENT_PREFIX) / Utf8.MAX_BYTES_PER_CHAR;
            if (value == null || room < 0) {
                argumentsAt = ring.address + EventEncoder.putStringArgument(ring.buffer, index, null);
                return;
            }
            final int length = value.length();
            final int kept = cutAt(value, Math.min(room, Math.min(length, maxStringChars)));
            argumentsAt = ring.address + EventEncoder.putStringArgument(ring.buffer, index,
                kept == length ? value : truncated.wrap(value, kept), kept < length);
        } catch (final RuntimeException brokenCharSequence) {
            argumentsAt = ring.address + EventEncoder.putStringArgument(ring.buffer, index, null);
        }
    }

    void endArguments() {
        RingEvents.commitArguments(argumentsRing, argumentsStart, argumentsAt);
    }

    /** Bytes a string argument may take once truncated to the configured length. */
    int stringBound(final CharSequence value) {
        try {
            return EventEncoder.stringArgumentBound(limit(value));
        } catch (final RuntimeException brokenCharSequence) {
            return 1;
        }
    }

    /** Scratch of a log_record's throwables: each one's class, message and frames. */
    private final Throwable[] throwables = new Throwable[MAX_THROWABLES];
    private final String[] throwableMessages = new String[MAX_THROWABLES];
    private final StringBuilder[] stacks = new StringBuilder[MAX_THROWABLES];

    /**
     * A log_record: boxed arguments (as {@link #log(int, Object[], int)}), properties and a
     * throwable chain, written with transit's checked encoder into a claim of its bound.
     */
    void logRecord(final int site, final Object[] arguments, final int count, final LogProperties properties,
                   final Throwable thrown) {
        int bytes = LOG_RECORD_PREFIX + LOG_RECORD_MEMBERS + argumentBytes(arguments, count);
        final int entries = properties == null ? 0 : properties.size();
        for (int i = 0; i < entries; i++) {
            bytes += 2 * MEMBER_LENGTH_FIELD + Utf8.MAX_BYTES_PER_CHAR * (Math.min(properties.key(i).length(), maxStringChars)
                + Math.min(properties.value(i).length(), maxStringChars));
        }
        final int chain = throwables(thrown);
        for (int i = 0; i < chain; i++) {
            bytes += stringBound(throwables[i].getClass().getName()) + stringBound(throwableMessages[i]) + stringBound(stacks[i]);
        }
        final Ring ring = logRing();
        final long at = ring.claim(bytes);
        if (at != Ring.FULL) {
            final MutableDirectBuffer buffer = ring.buffer;
            final int start = ring.index(at);
            int index = EventEncoder.beginLogRecord(buffer, start, site, clock.ticks(), count);
            for (int i = 0; i < count; i++) {
                final Object argument = arguments[i];
                index = switch (argumentKinds[i]) {
                    case WHOLE -> EventEncoder.putLongArgument(buffer, index, ((Number) argument).longValue());
                    case FLOATING -> EventEncoder.putDoubleArgument(buffer, index, ((Number) argument).doubleValue());
                    case TRUTH -> EventEncoder.putBooleanArgument(buffer, index, (Boolean) argument);
                    case SINGLE -> EventEncoder.putFloatArgument(buffer, index, (Float) argument);
                    case CHARACTER -> EventEncoder.putCharArgument(buffer, index, (Character) argument);
                    case TEXT -> putString(buffer, index, (CharSequence) argument);
                    default -> putString(buffer, index, argumentTexts[i]);
                };
            }
            final int propertiesMember = index;
            index = EventEncoder.nextRecordMember(buffer, start + LOG_ARGS_MEMBER, index, entries);
            for (int i = 0; i < entries; i++) {
                index = EventEncoder.putUtf8(buffer, index, limit(properties.key(i))); // one limit() at a time: it reuses its view
                index = EventEncoder.putUtf8(buffer, index, limit(properties.value(i)));
            }
            final int exceptionMember = index;
            index = EventEncoder.nextRecordMember(buffer, propertiesMember, index, 3 * chain);
            for (int i = 0; i < chain; i++) {
                index = putString(buffer, index, throwables[i].getClass().getName());
                index = putString(buffer, index, throwableMessages[i]);
                index = putString(buffer, index, stacks[i]);
            }
            ring.commit(ring.address + EventEncoder.endLogRecord(buffer, start, exceptionMember, index));
        }
        Arrays.fill(argumentTexts, 0, count, null);
        Arrays.fill(throwables, 0, chain, null);
        Arrays.fill(throwableMessages, 0, chain, null);
    }

    /** Finds each argument's kind (and the text of other objects) and returns the bytes they take. */
    private int argumentBytes(final Object[] arguments, final int count) {
        int bytes = 0;
        for (int i = 0; i < count; i++) {
            final Object argument = arguments[i];
            final byte kind = kindOf(argument);
            argumentKinds[i] = kind;
            if (kind == TEXT) {
                bytes += stringBound((CharSequence) argument);
            } else if (kind == OTHER) {
                argumentTexts[i] = textOf(argument);
                bytes += stringBound(argumentTexts[i]);
            } else {
                bytes += LONG_ARGUMENT_LENGTH;
            }
        }
        return bytes;
    }

    /** A string argument, cut to the configured length at a character boundary and marked when cut. */
    private int putString(final MutableDirectBuffer buffer, final int index, final CharSequence value) {
        try {
            final CharSequence kept = limit(value);
            return EventEncoder.putStringArgument(buffer, index, kept, kept != value);
        } catch (final RuntimeException brokenCharSequence) {
            return EventEncoder.putStringArgument(buffer, index, null);
        }
    }

    /**
     * Fills the throwable scratch with the chain of {@code thrown} (itself, then its causes, at
     * most {@link #MAX_THROWABLES}, stopping at a cycle) and returns its length. Each stack is the
     * frames as {@code printStackTrace} shows them: a cause leaves out the frames it shares with
     * the throwable it caused ({@code ... N more}), and at most {@link #MAX_FRAMES} are shown.
     */
    private int throwables(final Throwable thrown) {
        int chain = 0;
        StackTraceElement[] enclosing = new StackTraceElement[0];
        for (Throwable current = thrown; current != null && chain < MAX_THROWABLES && !seen(current, chain);
             current = current.getCause()) {
            throwables[chain] = current;
            String message;
            try {
                message = current.getMessage();
            } catch (final RuntimeException brokenMessage) {
                message = "[getMessage() threw " + brokenMessage.getClass().getName() + "]";
            }
            throwableMessages[chain] = message;
            final StringBuilder stack = stacks[chain] == null ? (stacks[chain] = new StringBuilder(256)) : stacks[chain];
            stack.setLength(0);
            final StackTraceElement[] frames = current.getStackTrace();
            final int unique = frames.length - framesInCommon(frames, enclosing);
            final int shown = Math.min(unique, MAX_FRAMES);
            for (int i = 0; i < shown; i++) {
                stack.append(i > 0 ? "\n" : "").append("\tat ").append(frames[i]);
            }
            if (shown < frames.length) {
                stack.append(shown > 0 ? "\n" : "").append("\t... ").append(frames.length - shown).append(" more");
            }
            enclosing = frames;
            chain++;
        }
        return chain;
    }

    private boolean seen(final Throwable throwable, final int chain) {
        for (int i = 0; i < chain; i++) {
            if (throwables[i] == throwable) {
                return true;
            }
        }
        return false;
    }

    private static int framesInCommon(final StackTraceElement[] frames, final StackTraceElement[] enclosing) {
        int common = 0;
        while (common < frames.length && common < enclosing.length
            && frames[frames.length - 1 - common].equals(enclosing[enclosing.length - 1 - common])) {
            common++;
        }
        return common;
    }

    /** A log whose level, target and message are known only at run time (logging bridges). */
    void logDynamic(final int level, final int target, final CharSequence message) {
        final Ring ring = logRing();
        final CharSequence text = limit(message);
        final long at = ring.claim(EventEncoder.logDynamicBound(text));
        if (at != Ring.FULL) {
            final int start = ring.index(at);
            final int end = EventEncoder.beginLogDynamic(ring.buffer, start, level, target, clock.ticks(), text, 0);
            ring.commit(ring.address + EventEncoder.endLogDynamic(ring.buffer, start, end));
        }
    }

    // ---- spans (thread spans need the scope stack, so they go through the recorder) ----

    void spanBegin(final int span) {
        RingEvents.spanBegin(spansRing(), span);
    }

    void spanEnd(final int span) {
        RingEvents.spanEnd(spansRing(), span);
    }

    void asyncBegin(final int span, final long spanId, final long parentId, final int depth) {
        RingEvents.asyncBegin(spansRing(), span, spanId, parentId, depth);
    }

    void asyncEnd(final int span, final long spanId, final long parentId, final int depth) {
        RingEvents.asyncEnd(spansRing(), span, spanId, parentId, depth);
    }

    void namedSpanBegin(final int span, final CharSequence name) {
        final Ring ring = spansRing();
        final CharSequence text = limit(name);
        final long at = ring.claim(EventEncoder.namedSpanBound(text));
        if (at != Ring.FULL) {
            ring.commit(ring.address + EventEncoder.namedSpanBegin(ring.buffer, ring.index(at), span, clock.ticks(), text));
        }
    }

    /** A new async span id, unique in the process; ids come in blocks so threads do not contend. */
    long newSpanId() {
        if (nextSpanId == spanIdLimit) {
            nextSpanId = Installation.SPAN_IDS.getAndAdd(SPAN_IDS_PER_BLOCK);
            spanIdLimit = nextSpanId + SPAN_IDS_PER_BLOCK;
        }
        return nextSpanId++;
    }

    // ---- rings ----

    /** This thread's ring of that kind, created on first use, if this runtime records the kind; else null. */
    Ring ringToRecord(final StreamKind kind) {
        if (kind == StreamKind.LOG) { // by identity, as in ring(kind)
            return logRing();
        }
        if (kind == StreamKind.METRICS) {
            return metricsEnabled ? metricsRing() : null;
        }
        return spansEnabled ? spansRing() : null;
    }

    private Ring logRing() {
        final Ring ring = log;
        return ring != null ? ring : createRing(StreamKind.LOG);
    }

    private Ring metricsRing() {
        final Ring ring = metrics;
        return ring != null ? ring : createRing(StreamKind.METRICS);
    }

    private Ring spansRing() {
        final Ring ring = spans;
        return ring != null ? ring : createRing(StreamKind.SPANS);
    }

    private Ring createRing(final StreamKind kind) {
        final int capacity = runtime.config.ringCapacity(kind);
        final CrashDirectory crash = runtime.crashDirectory;
        // crash-safe: the ring and the block builder in a file (an event larger than the target gets a block of its own)
        final StreamFile file = crash == null ? null
            : crash.newStream(kind, this, clock.ticks(), capacity, runtime.config.blockTargetBytes() + capacity);
        final Ring ring = file == null ? new Ring(capacity, this) : new Ring(file, this);
        switch (kind) { // published (release) for ring(kind)'s readers
            case LOG -> LOG_RING.setRelease(this, ring);
            case METRICS -> METRICS_RING.setRelease(this, ring);
            default -> SPANS_RING.setRelease(this, ring);
        }
        return ring;
    }

    /**
     * For a stripe, while no virtual thread holds it for this: creates the stripe's ring of
     * {@code kind} if this runtime records the kind and the ring does not exist yet. Creating a
     * ring allocates its memory, and a crash-safe one creates and maps a file (class loading,
     * reflection, disk): done while holding the stripe, every other virtual thread of the stripe
     * would spin on it, and the creator could wait for a lock one of them holds (seen: two carriers
     * busy with spinning virtual threads while the creator waited in the JDK's method-handle
     * spinning). Here racing virtual threads wait on a lock, parked; once it returns, the taken
     * stripe finds its ring ({@link #ring}).
     *
     * @return whether this runtime records the kind
     */
    boolean prepareRing(final StreamKind kind) {
        if (kind == StreamKind.METRICS && !metricsEnabled || kind == StreamKind.SPANS && !spansEnabled) {
            return false;
        }
        ringCreation.lock();
        try {
            if (ring(kind) == null) {
                ringToRecord(kind);
            }
        } finally {
            ringCreation.unlock();
        }
        return true;
    }

    /** An ASCII String no longer than the configured maximum: its chars are its UTF-8, and it cannot change. */
    private boolean isShortAscii(final CharSequence value) {
        if (!(value instanceof String) || value.length() > maxStringChars) {
            return false;
        }
        final String string = (String) value;
        final int length = string.length();
        // four independent accumulators: one would chain every char's OR behind the previous one
        int a = 0;
        int b = 0;
        int c = 0;
        int d = 0;
        int i = 0;
        for (; i <= length - 4; i += 4) {
            a |= string.charAt(i);
            b |= string.charAt(i + 1);
            c |= string.charAt(i + 2);
            d |= string.charAt(i + 3);
        }
        for (; i < length; i++) {
            a |= string.charAt(i);
        }
        return (a | b | c | d) < 0x80;
    }

    private CharSequence limit(final CharSequence value) {
        return value == null || value.length() <= maxStringChars ? value : truncated.wrap(value, cutAt(value, maxStringChars));
    }

    /** {@code length}, or one less where the cut would split a surrogate pair: a cut is at a character boundary. */
    static int cutAt(final CharSequence value, final int length) {
        return length > 0 && length < value.length() && Character.isHighSurrogate(value.charAt(length - 1))
            && Character.isLowSurrogate(value.charAt(length)) ? length - 1 : length;
    }


    /** A reusable prefix view of a too-long string, so truncation allocates nothing. */
    private static final class Truncated implements CharSequence {
        private CharSequence value;
        private int length;

        Truncated wrap(final CharSequence value, final int length) {
            this.value = value;
            this.length = length;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(final int index) {
            return value.charAt(index);
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            return value.subSequence(start, end);
        }

        @Override
        public String toString() {
            return value.subSequence(0, length).toString();
        }
    }
}
