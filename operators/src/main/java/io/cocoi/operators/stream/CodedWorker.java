package io.cocoi.operators.stream;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import io.cocoi.operators.djl.DjlConvolution;
import io.cocoi.operators.weights.ConvWeights;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker of one layer: convolves each coded task it receives without bias and returns the result
 * to the master, with a convolution per k the tasks' plans have used (a few kept). A task whose
 * deadline has passed is dropped unprocessed, so a slow worker catches up instead of holding the
 * pipeline back. Injected faults drop tasks or stretch the time a task takes, as {@link
 * WorkerFaults} says for this worker index.
 *
 * <p>Metrics: {@code tasksPastDeadline}, {@code tasksDroppedByFault}, {@code taskLatencyMs}.
 */
public final class CodedWorker extends ProcessFunction<CodedTask, DecodeInput> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CodedWorker.class);
    private static final int HISTOGRAM_WINDOW = 1024;

    private final PipelineSpec spec;
    private final int layer;
    private transient PerPlan<Integer, DjlConvolution> convolutions;
    private transient int worker;
    private transient int parallelism;
    private transient int maxK;
    private transient SplittableRandom random;
    private transient Counter pastDeadline;
    private transient Counter droppedByFault;
    private transient Histogram taskLatency;

    public CodedWorker(PipelineSpec spec, int layer) {
        this.spec = spec;
        this.layer = layer;
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        worker = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        ConvWeights weights = spec.weights().convolution(spec.codedStep(layer).convolution());
        convolutions =
                new PerPlan<>(
                        PerPlan.DEFAULT_CAPACITY,
                        k ->
                                DjlConvolution.forSlab(
                                        weights,
                                        ConvSplit.of(weights.shape(), k).partitionShape()));
        maxK = weights.shape().splitOutputExtent();
        ConvLayerShape slab = convolutions.get(spec.codedStep(layer).k()).shape();
        random = new SplittableRandom(31L * worker + layer);
        pastDeadline = getRuntimeContext().getMetricGroup().counter("tasksPastDeadline");
        droppedByFault = getRuntimeContext().getMetricGroup().counter("tasksDroppedByFault");
        taskLatency =
                getRuntimeContext()
                        .getMetricGroup()
                        .histogram(
                                "taskLatencyMs",
                                new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        LOG.debug("layer {} worker {}: slab {}", layer, worker, slab);
    }

    @Override
    public void processElement(CodedTask task, Context context, Collector<DecodeInput> out)
            throws InterruptedException {
        if (System.currentTimeMillis() > task.deadlineMs) {
            pastDeadline.inc();
            return;
        }
        if (spec.faults().drops(worker, random)) {
            droppedByFault.inc();
            return;
        }
        if (task.k < 1 || task.k > maxK) {
            LOG.warn(
                    "layer {} worker {}: task {} of {} has k={}, expected 1 to {}; dropped",
                    layer,
                    worker,
                    task.taskIndex,
                    task.requestId,
                    task.k,
                    maxK);
            return;
        }
        DjlConvolution convolution = convolutions.get(task.k);
        if (task.payload == null || task.payload.length != convolution.shape().inputLength()) {
            LOG.warn(
                    "layer {} worker {}: task {} of {} has {} floats, expected {} for k={};"
                            + " dropped",
                    layer,
                    worker,
                    task.taskIndex,
                    task.requestId,
                    task.payload == null ? 0 : task.payload.length,
                    convolution.shape().inputLength(),
                    task.k);
            return;
        }

        long start = System.nanoTime();
        float[] result = convolution.apply(task.payload);
        long computeNanos = System.nanoTime() - start;
        double slowdown = spec.faults().slowdownOf(worker);
        if (slowdown > 1) {
            TimeUnit.NANOSECONDS.sleep((long) ((slowdown - 1) * computeNanos));
        }
        long elapsedMicros = (System.nanoTime() - start) / 1_000;
        taskLatency.update(elapsedMicros / 1_000);
        CodedResult codedResult = new CodedResult(task, result, worker, elapsedMicros);
        codedResult.workerParallelism = parallelism;
        out.collect(DecodeInput.ofResult(codedResult));
    }

    @Override
    public void close() {
        if (convolutions != null) {
            convolutions.close();
        }
    }
}
