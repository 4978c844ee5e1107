package io.lakeobs.local.athena;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values of both engines meet in one text, and a comparison finds every difference it should. */
class EngineComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void timestampsMeetAtTrinosMillisecondsRoundedHalfUp() throws Exception {
        assertThat(CanonicalValues.trino(JSON.readTree("\"2026-12-07 06:38:12.115\""), "timestamp(3)"))
            .isEqualTo("1796625492115");
        assertThat(CanonicalValues.trino(JSON.readTree("\"2026-12-07 06:35:00.000 UTC\""), "timestamp(3) with time zone"))
            .isEqualTo("1796625300000");
        assertThat(CanonicalValues.duckDbTimestamp(1796625492114500L)).isEqualTo("1796625492115");
        assertThat(CanonicalValues.duckDbTimestamp(1796625492115499L)).isEqualTo("1796625492115");
        assertThat(CanonicalValues.duckDbTimestamp(OffsetDateTime.parse("2026-12-07T06:38:12.1154Z"))).isEqualTo("1796625492115");
        assertThatThrownBy(() -> CanonicalValues.trino(JSON.readTree("\"2026-12-07 06:38:12.115 Europe/Paris\""),
            "timestamp(3) with time zone")).hasMessageContaining("a timestamp not in UTC");
    }

    @Test
    void mapsAndArraysMeetAsSortedEntriesAndOrderedItems() throws Exception {
        assertThat(CanonicalValues.trino(JSON.readTree("{\"b\":\"2\",\"a\":null}"), "map(varchar, varchar)"))
            .isEqualTo(CanonicalValues.duckDbJson("{\"a\":null,\"b\":\"2\"}")).isEqualTo("{a=NULL, b=2}");
        assertThat(CanonicalValues.trino(JSON.readTree("[\"log\",\"cpu\"]"), "array(varchar)"))
            .isEqualTo(CanonicalValues.duckDbJson("[\"log\",\"cpu\"]")).isEqualTo("[log, cpu]");
        assertThat(CanonicalValues.duckDbJson(null)).isEqualTo(CanonicalValues.trino(null, "array(varchar)"));
    }

    @Test
    void tablesCompareAsMultisetsAndNameWhatIsOnlyOnOneSide() {
        final EngineComparison.Rows trino = rows(List.of("1", "a"), List.of("2", "b"), List.of("2", "b"));
        assertThat(EngineComparison.asMultisets("t", trino, rows(List.of("2", "b"), List.of("1", "a"), List.of("2", "b")))
            .equal()).isTrue();
        final EngineComparison.Outcome differ = EngineComparison.asMultisets("t", trino,
            rows(List.of("2", "b"), List.of("1", "a"), List.of("3", "c")));
        assertThat(differ.equal()).isFalse();
        assertThat(differ.differences()).containsExactly("only Trino:  2 | b", "only DuckDB: 3 | c");
    }

    @Test
    void queriesCompareInOrderWithDeclaredApproximateColumnsWithinOnePercent() {
        final EngineComparison.Rows trino = rows(List.of("1", "522.98"), List.of("2", "991.35"));
        final EngineComparison.Rows duckDb = rows(List.of("1", "522.0"), List.of("2", "991.0"));
        assertThat(EngineComparison.inOrder("q", trino, duckDb, Set.of("v")).equal()).isTrue();
        assertThat(EngineComparison.inOrder("q", trino, duckDb, Set.of()).equal()).isFalse();
        assertThat(EngineComparison.inOrder("q", rows(List.of("1", "530.0")), rows(List.of("1", "522.0")), Set.of("v"))
            .equal()).isFalse();
        assertThat(EngineComparison.inOrder("q", rows(List.of("2", "1.0"), List.of("1", "1.0")),
            rows(List.of("1", "1.0"), List.of("2", "1.0")), Set.of()).differences()).hasSize(2);
        assertThat(AthenaCheck.approximateColumns("-- x\n-- approximate: p50, p99\nSELECT 1")).containsOnly("p50", "p99");
    }

    @SafeVarargs
    private static EngineComparison.Rows rows(final List<String>... cells) {
        return new EngineComparison.Rows(List.of("k", "v"), List.of(cells));
    }
}
