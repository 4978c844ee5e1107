package io.lakeobs.local;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Finds the catalog's table definitions, which live once in
 * {@code io.lakeobs.functions.core.catalog.CatalogTables} (a static method taking the table
 * name prefix and returning the {@link CreateTableRequest}s). Looked up by reflection so the
 * stack builds while that class is being written; an absent class means no tables.
 */
final class CatalogTableDefinitions {

    static final String CATALOG_TABLES_CLASS = "io.lakeobs.functions.core.catalog.CatalogTables";

    private CatalogTableDefinitions() {
    }

    /** The catalog's tables with names prefixed by {@code prefix}; empty if the catalog is not on the class path. */
    static List<CreateTableRequest> forPrefix(final String prefix) {
        final Class<?> catalogTables;
        try {
            catalogTables = Class.forName(CATALOG_TABLES_CLASS, true, CatalogTableDefinitions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return List.of();
        }
        for (Method method : catalogTables.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())
                    && method.getParameterCount() == 1
                    && method.getParameterTypes()[0] == String.class
                    && Collection.class.isAssignableFrom(method.getReturnType())) {
                final Collection<?> result;
                try {
                    result = (Collection<?>) method.invoke(null, prefix);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read table definitions from " + method, e);
                }
                final List<CreateTableRequest> tables = new ArrayList<>();
                for (Object table : result) {
                    if (table instanceof CreateTableRequest request) {
                        tables.add(request);
                    }
                }
                if (!tables.isEmpty()) {
                    return tables;
                }
            }
        }
        throw new IllegalStateException(CATALOG_TABLES_CLASS + " has no static method (String prefix) returning CreateTableRequests");
    }
}
