package io.cocoi.codec.coding;

import java.util.Arrays;

/** Decoding by inverting the k×k generator submatrix of k chosen arrived tasks (paper eq. 4). */
final class InverseDecoding {

    private InverseDecoding() {}

    /** Inverts G_S for the first k arrived tasks of a fixed-rate code with generator G. */
    static LinearDecoder invertFirstK(ErasureCode code, double[][] generator, int[] arrived) {
        int[] positions = new int[code.k()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        return invertAt(code, GeneratorMath.rows(generator, arrived), arrived, positions);
    }

    /**
     * Inverts G_S for the arrived tasks at {@code positions} (k of them); {@code arrivedRows} holds
     * the generator row of each arrived task, by arrival position.
     */
    static LinearDecoder invertAt(
            ErasureCode code, double[][] arrivedRows, int[] arrived, int[] positions) {
        int k = code.k();
        double[][] submatrix = GeneratorMath.rows(arrivedRows, positions);
        double[][] inverse = GeneratorMath.invertOrNull(submatrix);
        if (inverse == null) {
            throw new InsufficientResultsException(
                    "%s: the generator rows of tasks %s are singular in float64"
                            .formatted(Payloads.describe(code), Arrays.toString(arrived)));
        }

        // Source j = Σ_i G_S⁻¹[j][i]·ỹ_(positions[i]); other arrivals get coefficient 0.
        double[][] sourceRows = new double[k][arrived.length];
        for (int source = 0; source < k; source++) {
            for (int i = 0; i < k; i++) {
                sourceRows[source][positions[i]] = inverse[source][i];
            }
        }
        return LinearDecoder.of(code, arrived, sourceRows);
    }
}
