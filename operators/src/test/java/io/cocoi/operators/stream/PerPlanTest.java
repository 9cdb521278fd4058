package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerPlanTest {

    @Test
    void keepsTheMostRecentlyUsedAndClosesTheRest() {
        List<Integer> closed = new ArrayList<>();
        List<Integer> built = new ArrayList<>();
        PerPlan<Integer, AutoCloseable> perK =
                new PerPlan<>(
                        2,
                        k -> {
                            built.add(k);
                            return () -> closed.add(k);
                        });

        perK.get(3);
        perK.get(4);
        perK.get(3);
        perK.get(5);

        assertThat(built).containsExactly(3, 4, 5);
        assertThat(closed).containsExactly(4);
        assertThat(perK.size()).isEqualTo(2);

        perK.close();
        assertThat(closed).containsExactlyInAnyOrder(4, 3, 5);
        assertThat(perK.size()).isZero();
    }
}
