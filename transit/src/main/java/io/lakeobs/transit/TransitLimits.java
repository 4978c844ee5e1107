package io.lakeobs.transit;

/**
 * The hard limits every reader enforces, so a hostile upload cannot make it allocate or loop
 * beyond them. Writers stay well inside them (blocks are sealed near 1 MiB compressed).
 */
public final class TransitLimits {
    /** Largest uncompressed section (dependencies or objects) a reader will inflate. */
    public static final int MAX_SECTION_UNCOMPRESSED = 64 * 1024 * 1024;
    /** Largest whole block (header and compressed sections) a reader accepts. */
    public static final int MAX_BLOCK_BYTES = 32 * 1024 * 1024;
    /** Largest number of type declarations in one stream (type ids are 1..254). */
    public static final int MAX_TYPES = 254;
    /** Largest number of members in one type declaration. */
    public static final int MAX_MEMBERS = 64;
    /** Longest type or member name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 128;
    /** Largest fixed part of a type. */
    public static final int MAX_FIXED_SIZE = 4096;
    /** Largest encoded declarations table. */
    public static final int MAX_DECLARATIONS_BYTES = 256 * 1024;
    /** Largest number of arguments of one log event, and of entries in one property set. */
    public static final int MAX_ARGUMENTS = 255;

    private TransitLimits() {
    }
}
