package io.cocoi.benchmarks;

import io.cocoi.codec.coding.CodeKind;
import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.latency.AdaptiveK;
import io.cocoi.codec.latency.DeviceProfile;
import io.cocoi.codec.latency.LatencyModel;
import io.cocoi.codec.latency.LayerWorkload;
import io.cocoi.codec.latency.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What re-planning k while a job runs costs at n = 10 for VGG16's 13 convolutions: {@code harmonic}
 * is what adaptive planning runs (fit every layer's window of 64 tasks, then k° by the harmonic
 * approximation), {@code numerical} the same choice by numerical integration of E[T_c(k)] on the
 * fitted profiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ReplanBenchmark {

    static final int WORKERS = 10;
    static final int WINDOW = 64;

    private final List<AdaptiveK> layers = new ArrayList<>();
    private final List<DeviceProfile> fitted = new ArrayList<>();

    @Setup
    public void observe() {
        SplittableRandom random = new SplittableRandom(17);
        for (ConvLayerShape shape : Vgg16Layers.ALL) {
            AdaptiveK adaptive = new AdaptiveK(shape, CodeKind.SYSTEMATIC, WINDOW, 1.0);
            LayerWorkload work = LayerWorkload.of(shape, CodeKind.SYSTEMATIC, WORKERS, 8);
            for (int task = 0; task < WINDOW; task++) {
                double compute =
                        work.computeFlops() * 1e-9 * (0.8 + 0.2 * random.nextExponential());
                double transfer = (work.receiveBytes() + work.sendBytes()) * 8e-8;
                adaptive.observe(WORKERS, 8, compute + transfer, compute);
            }
            layers.add(adaptive);
            fitted.add(adaptive.fittedProfile());
        }
    }

    @Benchmark
    public int harmonic() {
        int sum = 0;
        for (AdaptiveK layer : layers) {
            sum += layer.choose(WORKERS).getAsInt();
        }
        return sum;
    }

    @Benchmark
    public int numerical() {
        int sum = 0;
        for (int layer = 0; layer < layers.size(); layer++) {
            ConvLayerShape shape = Vgg16Layers.ALL.get(layer);
            LatencyModel model = new LatencyModel(fitted.get(layer), WORKERS, Scenario.NONE);
            int best = 1;
            double bestLatency = Double.POSITIVE_INFINITY;
            for (int k = 1; k <= WORKERS; k++) {
                double latency =
                        model.numericalExpectation(
                                LayerWorkload.of(shape, CodeKind.SYSTEMATIC, WORKERS, k));
                if (latency < bestLatency) {
                    bestLatency = latency;
                    best = k;
                }
            }
            sum += best;
        }
        return sum;
    }
}
