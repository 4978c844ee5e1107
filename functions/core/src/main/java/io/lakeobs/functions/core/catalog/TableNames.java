package io.lakeobs.functions.core.catalog;

/** The physical names of the catalog tables: a configurable prefix + the logical name. */
public record TableNames(String processes, String streams, String blocks, String quarantine, String partitions,
                         String apiKeys) {
    public static TableNames withPrefix(final String prefix) {
        return new TableNames(prefix + CatalogTables.PROCESSES, prefix + CatalogTables.STREAMS,
            prefix + CatalogTables.BLOCKS, prefix + CatalogTables.QUARANTINE, prefix + CatalogTables.PARTITIONS,
            prefix + CatalogTables.API_KEYS);
    }

    /** The stack these tables belong to: the prefix, without its trailing dash (what metrics are dimensioned by). */
    public String stack() {
        final String prefix = processes.substring(0, processes.length() - CatalogTables.PROCESSES.length());
        return prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
