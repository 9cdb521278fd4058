package io.cocoi.codec.coding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints, per (n, k), the worst k-subset condition number of the Vandermonde and systematic codes
 * and the worst relative error of decoding seeded float32 payloads from every k-subset, as a
 * markdown table. Usage: {@code ConditionTable [maxWorkers]} (default 10).
 */
public final class ConditionTable {

    private static final int PAYLOAD_LENGTH = 512;

    private ConditionTable() {}

    public static void main(String[] args) {
        int maxWorkers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.println(render(maxWorkers));
    }

    /** The markdown table for 2 ≤ k < n ≤ maxWorkers. */
    public static String render(int maxWorkers) {
        if (maxWorkers < 3) {
            throw new IllegalArgumentException(
                    "maxWorkers=%d, expected 3 or more".formatted(maxWorkers));
        }
        StringBuilder table = new StringBuilder();
        table.append("| n | k | vandermonde cond | vandermonde error | systematic cond |")
                .append(" systematic error |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (int n = 3; n <= maxWorkers; n++) {
            for (int k = 2; k < n; k++) {
                ErasureCode vandermonde = new VandermondeCode(n, k);
                ErasureCode systematic = new SystematicMdsCode(n, k);
                table.append(
                        String.format(
                                Locale.ROOT,
                                "| %d | %d | %.2e | %.2e | %.2e | %.2e |%n",
                                n,
                                k,
                                vandermonde.conditionReport().worstConditionNumber(),
                                worstDecodeError(vandermonde),
                                systematic.conditionReport().worstConditionNumber(),
                                worstDecodeError(systematic)));
            }
        }
        return table.toString();
    }

    /**
     * The worst relative L2 error, over every k-subset of the n tasks, of decoding seeded float32
     * sources from their float32 coded results.
     */
    public static double worstDecodeError(ErasureCode code) {
        int n = code.n();
        int k = code.k();
        SplittableRandom random = new SplittableRandom(n * 100L + k);
        float[][] sources = new float[k][PAYLOAD_LENGTH];
        for (float[] source : sources) {
            for (int e = 0; e < PAYLOAD_LENGTH; e++) {
                source[e] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        float[][] coded = new float[n][PAYLOAD_LENGTH];
        for (int task = 0; task < n; task++) {
            code.encodeTask(task, sources, coded[task]);
        }

        double worst = 0;
        float[][] decoded = new float[k][PAYLOAD_LENGTH];
        for (int[] subset : subsetsOf(n, k)) {
            float[][] arrived = new float[k][];
            for (int position = 0; position < k; position++) {
                arrived[position] = coded[subset[position]];
            }
            if (!code.isSufficient(subset)) {
                continue;
            }
            code.decoder(subset).decodeAll(arrived, decoded);
            double error = 0;
            double norm = 0;
            for (int j = 0; j < k; j++) {
                for (int e = 0; e < PAYLOAD_LENGTH; e++) {
                    double difference = decoded[j][e] - sources[j][e];
                    error += difference * difference;
                    norm += (double) sources[j][e] * sources[j][e];
                }
            }
            double relative = Math.sqrt(error / norm);
            worst = Double.isNaN(relative) ? Double.POSITIVE_INFINITY : Math.max(worst, relative);
        }
        return worst;
    }

    private static List<int[]> subsetsOf(int n, int k) {
        List<int[]> subsets = new ArrayList<>();
        int[] subset = new int[k];
        for (int i = 0; i < k; i++) {
            subset[i] = i;
        }
        while (true) {
            subsets.add(subset.clone());
            int i = k - 1;
            while (i >= 0 && subset[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return subsets;
            }
            subset[i]++;
            for (int j = i + 1; j < k; j++) {
                subset[j] = subset[j - 1] + 1;
            }
        }
    }
}
