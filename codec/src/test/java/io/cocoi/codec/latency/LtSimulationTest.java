package io.cocoi.codec.latency;

import static io.cocoi.codec.latency.LatencyFixtures.CONV3_1;
import static io.cocoi.codec.latency.LatencyFixtures.DETERMINISTIC_MU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.coding.LtCode;
import org.junit.jupiter.api.Test;

class LtSimulationTest {

    @Test
    void deterministicDevicesFinishAfterOneRoundOfSymbolsWhenFewAreNeeded() {
        Phase computation = new Phase(DETERMINISTIC_MU, 1e-9);
        Phase link = new Phase(DETERMINISTIC_MU, 8e-8);
        DeviceProfile profile = new DeviceProfile("fixed", computation, computation, link, link);
        int n = 10;
        int k = 4;
        LayerWorkload work = LayerWorkload.of(CONV3_1, CodeKind.LT, n, k);

        // Every stream of 40 seeds reaches rank 4 within 10 symbols: one symbol per worker.
        double symbol =
                work.receiveBytes() * 8e-8 + work.computeFlops() * 1e-9 + work.sendBytes() * 8e-8;
        double expected = work.encodeFlops() / n * 1e-9 + symbol + work.decodeFlops(k) * 1e-9;

        double simulated =
                new LtSimulation(profile, n, Scenario.NONE, 50, 1).expectedLatency(CONV3_1, k);

        assertThat(simulated).isCloseTo(expected, within(expected * 1e-9));
    }

    @Test
    void moreSourceSymbolsThanWorkersStreamSeveralRounds() {
        DeviceProfile profile = LatencyFixtures.shifted(0.8, 0.8, 8e-8);
        LtSimulation lt = new LtSimulation(profile, 4, Scenario.NONE, 2000, 3);

        double finest = lt.expectedLatency(CONV3_1, 56);
        int smallK = lt.bestSmallK(CONV3_1);

        assertThat(smallK).isBetween(1, 4);
        assertThat(finest).isGreaterThan(0);
        assertThat(lt.expectedLatency(CONV3_1, smallK)).isPositive();
    }

    @Test
    void ltStreamsNeedAtLeastKSymbols() {
        for (int k : new int[] {1, 5, 20, 56}) {
            int needed = new LtCode(10, k).symbolsUntilDecodable(10_000);

            assertThat(needed).as("k=%d", k).isBetween(k, 3 * k + 10);
        }
    }
}
