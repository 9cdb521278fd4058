package io.cocoi.codec.coding;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded payloads, a naive reference encoder and k-subset enumeration for the code tests. */
final class CodeFixtures {

    private CodeFixtures() {}

    static float[][] randomSources(Random random, int k, int length) {
        float[][] sources = new float[k][length];
        for (float[] source : sources) {
            for (int e = 0; e < length; e++) {
                source[e] = (float) random.nextGaussian();
            }
        }
        return sources;
    }

    /** Coded task by the definition, Σ_j G[task][j]·x_j, summed in float64. */
    static float[] naiveEncode(ErasureCode code, int task, float[][] sources) {
        double[] row = code.generatorRow(task);
        float[] coded = new float[sources[0].length];
        for (int e = 0; e < coded.length; e++) {
            double sum = 0;
            for (int j = 0; j < row.length; j++) {
                sum += row[j] * sources[j][e];
            }
            coded[e] = (float) sum;
        }
        return coded;
    }

    /** ‖decoded − sources‖₂ / ‖sources‖₂ over all k sources. */
    static double relativeError(float[][] decoded, float[][] sources) {
        double error = 0;
        double norm = 0;
        for (int j = 0; j < sources.length; j++) {
            for (int e = 0; e < sources[j].length; e++) {
                double difference = decoded[j][e] - sources[j][e];
                error += difference * difference;
                norm += (double) sources[j][e] * sources[j][e];
            }
        }
        return Math.sqrt(error / norm);
    }

    /** Every subset of [0, n) of size {@code size}, each sorted ascending. */
    static List<int[]> subsets(int n, int size) {
        List<int[]> all = new ArrayList<>();
        collect(n, size, 0, new int[size], 0, all);
        return all;
    }

    /** Encodes every task of {@code tasks} with the code under test. */
    static float[][] encode(ErasureCode code, int[] tasks, float[][] sources) {
        float[][] coded = new float[tasks.length][sources[0].length];
        for (int position = 0; position < tasks.length; position++) {
            code.encodeTask(tasks[position], sources, coded[position]);
        }
        return coded;
    }

    /** Decodes with a fresh plan for {@code tasks} into new buffers. */
    static float[][] decode(ErasureCode code, int[] tasks, float[][] coded) {
        float[][] decoded = new float[code.k()][coded[0].length];
        code.decoder(tasks).decodeAll(coded, decoded);
        return decoded;
    }

    static int[] shuffled(Random random, int[] values) {
        int[] copy = values.clone();
        for (int i = copy.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = copy[i];
            copy[i] = copy[j];
            copy[j] = swap;
        }
        return copy;
    }

    private static void collect(
            int n, int size, int from, int[] current, int depth, List<int[]> all) {
        if (depth == size) {
            all.add(current.clone());
            return;
        }
        for (int value = from; value <= n - (size - depth); value++) {
            current[depth] = value;
            collect(n, size, value + 1, current, depth + 1, all);
        }
    }
}
