package io.cocoi.operators.stream;

import io.cocoi.codec.geometry.ConvLayerShape;
import io.cocoi.codec.geometry.ConvSplit;
import io.cocoi.codec.latency.DeviceEmulator;
import io.cocoi.codec.latency.LayerWorkload;
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
 * <p>With device emulation the worker stands for a slower device: it computes for real, then holds
 * the result until the task's emulated time has passed, counted from when the master sent it or, if
 * this device was still busy with an earlier task, from when that one finished. The emulated time
 * is drawn for the full-size layer (reduced variants compute less but emulate the real network) and
 * is what the result reports as its compute time. A worker the scenario fails in this turn signals
 * the failure when its emulated computation would have ended.
 *
 * <p>Metrics: {@code tasksPastDeadline}, {@code tasksDroppedByFault}, {@code taskLatencyMs}, and
 * with emulation {@code failureSignals} and {@code tasksOverEmulatedTime} (real compute took longer
 * than the emulated time, so the emulation is too fast for this machine).
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
    private transient FullSizeWorkloads emulatedWork;
    private transient long deviceFreeAtMs;
    private transient Counter failureSignals;
    private transient Counter overEmulatedTime;
    private transient long emulatedTasks;
    private transient long realComputeMicrosTotal;
    private transient long emulatedMicrosTotal;

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
        failureSignals = getRuntimeContext().getMetricGroup().counter("failureSignals");
        overEmulatedTime = getRuntimeContext().getMetricGroup().counter("tasksOverEmulatedTime");
        emulatedWork = new FullSizeWorkloads(spec, layer);
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

        DeviceEmulator emulator = spec.emulation();
        if (emulator != null && emulator.fails(task.requestId, layer, worker)) {
            DeviceEmulator.TaskTime time =
                    emulator.taskTime(
                            emulatedWork(task), task.requestId, layer, worker, task.taskIndex);
            DeviceHold.until(occupyDevice(task, time.failureSignalSeconds()));
            failureSignals.inc();
            send(CodedResult.failure(task, worker), out);
            return;
        }

        long start = System.nanoTime();
        float[] result = convolution.apply(task.payload);
        long computeNanos = System.nanoTime() - start;
        double slowdown = spec.faults().slowdownOf(worker);
        if (emulator != null) {
            DeviceEmulator.TaskTime time =
                    emulator.taskTime(
                            emulatedWork(task), task.requestId, layer, worker, task.taskIndex);
            double seconds = time.totalSeconds() + (slowdown - 1) * time.computeSeconds();
            long doneAtMs = occupyDevice(task, seconds);
            if (System.currentTimeMillis() > doneAtMs) {
                overEmulatedTime.inc();
            }
            DeviceHold.until(doneAtMs);
            long emulatedMicros = Math.round(seconds * 1e6);
            emulatedTasks++;
            realComputeMicrosTotal += computeNanos / 1_000;
            emulatedMicrosTotal += emulatedMicros;
            taskLatency.update(emulatedMicros / 1_000);
            send(new CodedResult(task, result, worker, emulatedMicros), out);
            return;
        }
        if (slowdown > 1) {
            TimeUnit.NANOSECONDS.sleep((long) ((slowdown - 1) * computeNanos));
        }
        long elapsedMicros = (System.nanoTime() - start) / 1_000;
        taskLatency.update(elapsedMicros / 1_000);
        send(new CodedResult(task, result, worker, elapsedMicros), out);
    }

    /** Sends a result or failure signal, telling the master how many workers are running. */
    private void send(CodedResult codedResult, Collector<DecodeInput> out) {
        codedResult.workerParallelism = parallelism;
        out.collect(DecodeInput.ofResult(codedResult));
    }

    /**
     * Marks this emulated device busy with {@code task} for {@code seconds}, from its dispatch or
     * from the end of the device's previous task, and returns when it is done.
     */
    private long occupyDevice(CodedTask task, double seconds) {
        long startMs = Math.max(task.dispatchedAtMs, deviceFreeAtMs);
        deviceFreeAtMs = startMs + Math.round(seconds * 1_000);
        return deviceFreeAtMs;
    }

    /** This layer's per-worker workload as the full-size network has it, with the task's plan. */
    private LayerWorkload emulatedWork(CodedTask task) {
        return emulatedWork.of(task.workers, task.k);
    }

    @Override
    public void close() {
        if (emulatedTasks > 0) {
            LOG.info(
                    "layer {} worker {}: {} emulated tasks, mean real compute {} ms against mean"
                            + " emulated time {} ms",
                    layer,
                    worker,
                    emulatedTasks,
                    realComputeMicrosTotal / emulatedTasks / 1e3,
                    emulatedMicrosTotal / emulatedTasks / 1e3);
        }
        if (convolutions != null) {
            convolutions.close();
        }
    }
}
