package io.lakeobs.local;

import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.catalog.TableNames;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** The catalog's tables as {@link CatalogTables} defines them (the one definition), for a table prefix. */
final class CatalogTableDefinitions {

    private CatalogTableDefinitions() {
    }

    static List<CreateTableRequest> forPrefix(final String prefix) {
        return CatalogTables.createTableRequests(TableNames.withPrefix(prefix));
    }
}
