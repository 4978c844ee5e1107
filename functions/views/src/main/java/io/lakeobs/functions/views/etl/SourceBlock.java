package io.lakeobs.functions.views.etl;

/** A block with the metadata of its stream and process: the unit the ETL reads. */
public record SourceBlock(BlockMeta block, StreamMeta stream, ProcessMeta process) {
}
