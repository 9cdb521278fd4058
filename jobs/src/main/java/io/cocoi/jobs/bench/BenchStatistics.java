package io.cocoi.jobs.bench;

import java.util.List;

/** Mean and sample standard deviation of a list of values. */
record BenchStatistics(double mean, double standardDeviation, int count) {

    static BenchStatistics of(List<Double> values) {
        int count = values.size();
        if (count == 0) {
            return new BenchStatistics(Double.NaN, Double.NaN, 0);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / count;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double deviation = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
        return new BenchStatistics(mean, deviation, count);
    }
}
