package io.cocoi.codec.coding;

import java.util.Arrays;

/**
 * How the master finishes a layer when the deadline passed before the arrived results determined
 * every source: it computes a few source partitions itself, as few as possible (k minus the rank of
 * the arrived rows), and decodes the rest from the arrived results.
 *
 * <p>The decoder's inputs are the arrived results in arrival order followed by the master's own
 * outputs for {@link #localSources()}, in that order; {@link LinearDecoder#arrivedTasks()} names a
 * local source j as −(j + 1).
 */
public record RecoveryPlan(int[] localSources, LinearDecoder decoder) {

    /** Plans the recovery of all k sources of {@code code} from {@code arrivedTasks}. */
    public static RecoveryPlan of(ErasureCode code, int[] arrivedTasks) {
        TaskIndices.requireValidAndDistinct(code, arrivedTasks);
        int k = code.k();
        int arrived = arrivedTasks.length;

        // Candidate rows: the arrived tasks first, then one unit row per source.
        double[][] rows = new double[arrived + k][];
        for (int position = 0; position < arrived; position++) {
            rows[position] = code.generatorRow(arrivedTasks[position]);
        }
        for (int source = 0; source < k; source++) {
            rows[arrived + source] = new double[k];
            rows[arrived + source][source] = 1.0;
        }
        int[] chosen = GeneratorMath.independentRows(rows, k);
        int[] localSources =
                Arrays.stream(chosen)
                        .filter(row -> row >= arrived)
                        .map(row -> row - arrived)
                        .toArray();

        // Inputs: every arrived result, then the local sources in the order they were chosen;
        // chosen rows are ascending, so the k rows to invert sit at these input positions.
        int usedArrivals = k - localSources.length;
        int[] inputs = Arrays.copyOf(arrivedTasks, arrived + localSources.length);
        double[][] inputRows = Arrays.copyOf(rows, arrived + localSources.length);
        int[] positions = new int[k];
        for (int i = 0; i < k; i++) {
            positions[i] = i < usedArrivals ? chosen[i] : arrived + (i - usedArrivals);
        }
        for (int i = 0; i < localSources.length; i++) {
            inputs[arrived + i] = -(localSources[i] + 1);
            inputRows[arrived + i] = rows[arrived + localSources[i]];
        }
        return new RecoveryPlan(
                localSources, InverseDecoding.invertAt(code, inputRows, inputs, positions));
    }

    /** Whether the master has to compute anything: false when the arrivals already suffice. */
    public boolean needsLocalWork() {
        return localSources.length > 0;
    }
}
