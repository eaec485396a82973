package io.canopus.perf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class BenchRatiosTest
{
    private final Map<String, Double> ratios = new LinkedHashMap<>();

    @Test
    void ratiosAreCanopusOverAeronClusterAtSaturationAndAtOverload()
    {
        Bench.putRatios(ratios, 288,
            Map.of("aeron-cluster", 4_000L, "canopus-1x3", 48_000L),
            Map.of("aeron-cluster", 50_000.0, "canopus-1x3", 150_000.0));

        assertThat(ratios).containsOnly(entry("canopusVsAeronCluster288", 12.0), entry("canopusVsAeronClusterOverload288", 3.0));
    }

    /**
     * The JSON names {@code canopusVsAeronCluster32} and {@code ...288}: when Aeron Cluster
     * met the SLO at no rate the key must still be there (as null), so "undefined" is not read as
     * "not run"; the table says why.
     */
    @Test
    void aSaturationRatioOverAnAeronClusterThatMetTheSloAtNoRateIsPresentAndNull() throws Exception
    {
        final Map<String, Long> saturation = new LinkedHashMap<>();
        saturation.put("aeron-cluster", 0L);
        saturation.put("canopus-1x3", 7_000L);
        Bench.putRatios(ratios, 32, saturation, Map.of("aeron-cluster", 90_000.0, "canopus-1x3", 360_000.0));

        assertThat(ratios).containsKey("canopusVsAeronCluster32");
        assertThat(ratios.get("canopusVsAeronCluster32")).isNull();
        assertThat(ratios.get("canopusVsAeronClusterOverload32")).isEqualTo(4.0);

        final BenchResults results = new BenchResults(Map.of(), Map.of(), List.of(), List.of(), ratios, List.of(), null, List.of());
        final JsonNode json = new ObjectMapper().readTree(BenchReport.json(results));
        assertThat(json.get("ratios").has("canopusVsAeronCluster32")).isTrue();
        assertThat(json.get("ratios").get("canopusVsAeronCluster32").isNull()).isTrue();
        assertThat(BenchTable.render(results)).contains("canopusVsAeronCluster32").contains("undefined (aeron-cluster met the SLO at no rate)")
            .contains("4.00x");
    }

    @Test
    void withoutAeronClusterThereIsNoRatio()
    {
        Bench.putRatios(ratios, 32, Map.of("canopus-1x3", 7_000L), Map.of("canopus-1x3", 360_000.0));

        assertThat(ratios).isEmpty();
    }
}
