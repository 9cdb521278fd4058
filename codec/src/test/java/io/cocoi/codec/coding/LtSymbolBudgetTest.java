package io.cocoi.codec.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LtSymbolBudgetTest {

    @Test
    void anyNMinusOneWorkersCarryMoreThanTheStreamNeeds() {
        for (int k : new int[] {3, 16, 64}) {
            LtCode code = new LtCode(4, k);
            int needed = code.symbolsUntilDecodable(100 * k + 1_000);

            int perWorker = LtSymbolBudget.symbolsPerWorker(code);

            assertThat(perWorker * 3).as("k=%d", k).isGreaterThanOrEqualTo(needed);
            assertThat(perWorker * 3).as("k=%d", k).isLessThanOrEqualTo(2 * needed);
        }
    }

    @Test
    void theSymbolsOfAllButOneWorkerUsuallyDecode() {
        int k = 16;
        LtCode code = new LtCode(4, k);
        int perWorker = LtSymbolBudget.symbolsPerWorker(code);

        // Worker w streams symbols w, w + 4, w + 8, …; drop each worker's in turn.
        int decodable = 0;
        for (int lost = 0; lost < 4; lost++) {
            int missing = lost;
            int[] arrived =
                    IntStream.range(0, 4 * perWorker).filter(task -> task % 4 != missing).toArray();
            decodable += code.isSufficient(arrived) ? 1 : 0;
        }

        assertThat(decodable).isGreaterThanOrEqualTo(3);
    }
}
