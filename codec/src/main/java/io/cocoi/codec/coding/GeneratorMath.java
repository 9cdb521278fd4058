package io.cocoi.codec.coding;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/** Small dense float64 matrix operations on generator rows, through EJML. */
final class GeneratorMath {

    /** Relative pivot size below which a row adds no rank (rows of LT and copy codes are 0/1). */
    private static final double RANK_TOLERANCE = 1e-9;

    private GeneratorMath() {}

    /** The inverse of a square matrix, or null when it is singular. */
    static double[][] invertOrNull(double[][] square) {
        DMatrixRMaj matrix = new DMatrixRMaj(square);
        if (!CommonOps_DDRM.invert(matrix)) {
            return null;
        }
        double[][] inverse = new double[square.length][square.length];
        for (int row = 0; row < square.length; row++) {
            for (int column = 0; column < square.length; column++) {
                double value = matrix.get(row, column);
                if (!Double.isFinite(value)) {
                    return null;
                }
                inverse[row][column] = value;
            }
        }
        return inverse;
    }

    /** The 2-norm condition number σ_max/σ_min; infinite for a singular matrix. */
    static double conditionNumber(double[][] square) {
        double condition = NormOps_DDRM.conditionP2(new DMatrixRMaj(square));
        return Double.isNaN(condition) ? Double.POSITIVE_INFINITY : condition;
    }

    /** The rows of {@code matrix} at {@code indices}, in that order. */
    static double[][] rows(double[][] matrix, int[] indices) {
        double[][] selected = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            selected[i] = matrix[indices[i]];
        }
        return selected;
    }

    /**
     * Greedily picks, in order, rows that raise the rank, until {@code wanted} are picked or the
     * rows run out (Gram–Schmidt against the rows picked so far). Returns the picked positions.
     */
    static int[] independentRows(double[][] rows, int wanted) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        double[][] basis = new double[Math.min(wanted, rows.length)][];
        int[] picked = new int[basis.length];
        int count = 0;
        for (int position = 0; position < rows.length && count < wanted; position++) {
            double[] residual = rows[position].clone();
            double norm = norm(residual);
            for (int b = 0; b < count; b++) {
                double projection = dot(residual, basis[b]);
                for (int column = 0; column < width; column++) {
                    residual[column] -= projection * basis[b][column];
                }
            }
            double residualNorm = norm(residual);
            if (norm > 0 && residualNorm > RANK_TOLERANCE * norm) {
                for (int column = 0; column < width; column++) {
                    residual[column] /= residualNorm;
                }
                basis[count] = residual;
                picked[count] = position;
                count++;
            }
        }
        return Arrays.copyOf(picked, count);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
