package io.lakeobs.transit.block;

/** Computes the tail-sampling summary of a block from its events, with dependencies resolvable. */
public interface BlockSummarizer extends ObjectHandler {
    /** Starts a new block of a stream with these declarations. */
    void reset(io.lakeobs.transit.layout.StreamDeclarations declarations);

    BlockSummary summary();
}
