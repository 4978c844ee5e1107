package io.lakeobs.local.query;

import io.lakeobs.functions.views.OnDemandEtl;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.Directories;
import io.lakeobs.local.demo.LocalQuery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A process's on-demand views as a user reads them: derived now (the on-demand function's work),
 * their live files copied to a scratch directory and queried with DuckDB, the copies deleted
 * after. One place for what {@code lakeobs logs/metrics/trace} and the crash harness's census
 * both do.
 */
public final class ProcessViews {
    /** What to read from the views. */
    @FunctionalInterface
    public interface Reader<T> {
        T apply(LocalQuery query) throws SQLException, IOException;
    }

    private final ViewsRuntime views;
    private final ViewStore store;
    private final Path scratch;

    public ProcessViews(final ViewsRuntime views, final ViewStore store, final Path scratch) {
        this.views = views;
        this.store = store;
        this.scratch = scratch;
    }

    /** Derives the views {@code request} asks for, then reads them with {@code reader}. */
    public <T> T read(final OnDemandEtl.Request request, final Reader<T> reader) throws SQLException, IOException {
        views.onDemand().run(request);
        final Path directory = Files.createTempDirectory(Files.createDirectories(scratch), "process-");
        try {
            new LiveViewFiles(store).instance(directory, request.instance(),
                View.instanceViews().stream().filter(View::perInstance).toList());
            try (LocalQuery query = new LocalQuery(directory)) {
                return reader.apply(query);
            }
        } finally {
            Directories.deleteRecursively(directory);
        }
    }
}
