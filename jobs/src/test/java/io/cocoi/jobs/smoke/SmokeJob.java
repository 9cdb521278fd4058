package io.cocoi.jobs.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.ProcessingTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.triggers.CountTrigger;
import org.apache.flink.streaming.api.windowing.triggers.PurgingTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The runtime stack in miniature, shaped like the CoCoI job: records from Kafka are checked, each
 * is split into n slice tasks, task i runs on worker subtask i, a keyed window at the master waits
 * for all n results of a record and writes one JSON line to Kafka. A record that fails the check
 * goes to the error sink instead of failing the job.
 *
 * <p>Workers have parallelism n in slot sharing group {@value #WORKER_GROUP}; every other operator
 * runs at the environment's parallelism (1) in group {@value #MASTER_GROUP}. With one slot per
 * TaskManager the job needs n + 1 TaskManagers and puts the master and each worker on its own.
 */
final class SmokeJob {

    static final String MASTER_GROUP = "master";
    static final String WORKER_GROUP = "workers";

    /** How long the master waits after a record's last result before it drops an incomplete one. */
    static final Duration RESULT_GAP = Duration.ofSeconds(30);

    private static final OutputTag<OutputLine> ERRORS =
            new OutputTag<>("errors", TypeInformation.of(OutputLine.class));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Source<InputRecord, ?, ?> source;
    private final Sink<OutputLine> resultSink;
    private final Sink<OutputLine> errorSink;
    private final int workers;

    SmokeJob(
            Source<InputRecord, ?, ?> source,
            Sink<OutputLine> resultSink,
            Sink<OutputLine> errorSink,
            int workers) {
        this.source = source;
        this.resultSink = resultSink;
        this.errorSink = errorSink;
        this.workers = workers;
    }

    /** Reads {@code topic} from the start up to the offsets that are latest when the job starts. */
    static KafkaSource<InputRecord> boundedKafkaSource(String bootstrapServers, String topic) {
        return KafkaSource.<InputRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId("cocoi-smoke")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new InputRecordDeserializer())
                .build();
    }

    static KafkaSink<OutputLine> kafkaSink(String bootstrapServers, String topic) {
        return KafkaSink.<OutputLine>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new OutputLineSerializer(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    void attachTo(StreamExecutionEnvironment env) {
        // Read records as they arrived; checking them downstream means no record fails the source.
        SingleOutputStreamOperator<Sample> samples =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "inputs")
                        .slotSharingGroup(MASTER_GROUP)
                        .process(new CheckRecord(workers))
                        .name("check")
                        .slotSharingGroup(MASTER_GROUP);

        // Records that failed the check go to the error sink with a reason.
        samples.getSideOutput(ERRORS)
                .sinkTo(errorSink)
                .name("errors")
                .slotSharingGroup(MASTER_GROUP);

        // n slice tasks per record, task i to worker subtask i.
        DataStream<SliceResult> sliceResults =
                samples.flatMap(new SplitIntoSlices(workers))
                        .name("split")
                        .slotSharingGroup(MASTER_GROUP)
                        .partitionCustom(new ToWorker(), task -> task.taskIndex)
                        .map(new SliceWorker())
                        .name("worker")
                        .setParallelism(workers)
                        .slotSharingGroup(WORKER_GROUP);

        // The master collects the n results of each record and writes one JSON line.
        sliceResults
                .keyBy(result -> result.requestId)
                .window(ProcessingTimeSessionWindows.withGap(RESULT_GAP))
                .trigger(PurgingTrigger.of(CountTrigger.of(workers)))
                .process(new CollectResults())
                .name("collect")
                .slotSharingGroup(MASTER_GROUP)
                .sinkTo(resultSink)
                .name("results")
                .slotSharingGroup(MASTER_GROUP);
    }

    /** The resource id of the TaskManager this function runs on. */
    static String taskManagerId(RuntimeContext context) {
        Map<String, String> variables = context.getMetricGroup().getAllVariables();
        String taskManagerId = variables.get(ScopeFormat.SCOPE_TASKMANAGER_ID);
        if (taskManagerId == null) {
            throw new IllegalStateException(
                    "metric group of "
                            + context.getTaskInfo().getTaskNameWithSubtasks()
                            + " has no "
                            + ScopeFormat.SCOPE_TASKMANAGER_ID
                            + " variable, only "
                            + variables.keySet());
        }
        return taskManagerId;
    }

    /** Copies key, headers and value; it cannot fail, whatever the record holds. */
    static final class InputRecordDeserializer
            implements KafkaRecordDeserializationSchema<InputRecord> {

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputRecord> out) {
            InputRecord input = new InputRecord();
            input.requestId =
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            input.model = lastHeader(record, "model");
            input.submittedAt = lastHeader(record, "submitted-at");
            input.value = record.value();
            out.collect(input);
        }

        @Override
        public TypeInformation<InputRecord> getProducedType() {
            return TypeInformation.of(InputRecord.class);
        }

        private static String lastHeader(ConsumerRecord<byte[], byte[]> record, String name) {
            Header header = record.headers().lastHeader(name);
            if (header == null || header.value() == null) {
                return null;
            }
            return new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    /** Turns a record into a sample of little-endian float32 values, or into an error line. */
    static final class CheckRecord extends ProcessFunction<InputRecord, Sample> {

        private final int workers;

        CheckRecord(int workers) {
            this.workers = workers;
        }

        @Override
        public void processElement(InputRecord input, Context context, Collector<Sample> out)
                throws IOException {
            String problem = problemWith(input);
            if (problem != null) {
                ObjectNode error = JSON.createObjectNode();
                error.put("requestId", input.requestId);
                error.put("reason", problem);
                context.output(
                        ERRORS, new OutputLine(input.requestId, JSON.writeValueAsString(error)));
                return;
            }

            FloatBuffer floats =
                    ByteBuffer.wrap(input.value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] values = new float[floats.remaining()];
            floats.get(values);
            out.collect(
                    new Sample(
                            input.requestId,
                            input.model == null ? "unknown" : input.model,
                            values));
        }

        private String problemWith(InputRecord input) {
            if (input.requestId == null) {
                return "record has no key, expected the request id as UTF-8";
            }
            if (input.value == null) {
                return "record has no value, expected little-endian float32 values";
            }
            int valueCount = input.value.length / Float.BYTES;
            if (input.value.length % Float.BYTES != 0 || valueCount < workers) {
                return "value has "
                        + input.value.length
                        + " bytes, expected a multiple of "
                        + Float.BYTES
                        + " holding at least "
                        + workers
                        + " float32 values (one per worker)";
            }
            return null;
        }
    }

    /** Splits a sample's values into n contiguous slices, the first ones one value longer. */
    static final class SplitIntoSlices implements FlatMapFunction<Sample, SliceTask> {

        private final int workers;

        SplitIntoSlices(int workers) {
            this.workers = workers;
        }

        @Override
        public void flatMap(Sample sample, Collector<SliceTask> out) {
            int baseLength = sample.values.length / workers;
            int longerSlices = sample.values.length % workers;
            int start = 0;
            for (int taskIndex = 0; taskIndex < workers; taskIndex++) {
                int end = start + baseLength + (taskIndex < longerSlices ? 1 : 0);
                float[] slice = Arrays.copyOfRange(sample.values, start, end);
                out.collect(
                        new SliceTask(sample.requestId, sample.model, taskIndex, workers, slice));
                start = end;
            }
        }
    }

    /** Sends task i to worker subtask i (modulo the workers running now). */
    static final class ToWorker implements Partitioner<Integer> {

        @Override
        public int partition(Integer taskIndex, int numPartitions) {
            return taskIndex % numPartitions;
        }
    }

    /** Computes a slice's sum of squares and notes the subtask and TaskManager it ran on. */
    static final class SliceWorker extends RichMapFunction<SliceTask, SliceResult> {

        private transient int workerSubtask;
        private transient String workerTaskManager;

        @Override
        public void open(OpenContext openContext) {
            workerSubtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            workerTaskManager = taskManagerId(getRuntimeContext());
        }

        @Override
        public SliceResult map(SliceTask task) {
            double sumOfSquares = 0;
            for (float value : task.values) {
                sumOfSquares += (double) value * value;
            }

            SliceResult result = new SliceResult();
            result.requestId = task.requestId;
            result.model = task.model;
            result.taskIndex = task.taskIndex;
            result.workerSubtask = workerSubtask;
            result.workerTaskManager = workerTaskManager;
            result.sumOfSquares = sumOfSquares;
            return result;
        }
    }

    /** Writes one JSON line per record from its n slice results, with where each one ran. */
    static final class CollectResults
            extends ProcessWindowFunction<SliceResult, OutputLine, String, TimeWindow> {

        private transient String masterTaskManager;

        @Override
        public void open(OpenContext openContext) {
            masterTaskManager = taskManagerId(getRuntimeContext());
        }

        @Override
        public void process(
                String requestId,
                Context context,
                Iterable<SliceResult> results,
                Collector<OutputLine> out)
                throws IOException {
            List<SliceResult> byTask = new ArrayList<>();
            results.forEach(byTask::add);
            byTask.sort(Comparator.comparingInt(result -> result.taskIndex));

            ObjectNode line = JSON.createObjectNode();
            line.put("requestId", requestId);
            line.put("model", byTask.get(0).model);
            line.put("masterTaskManager", masterTaskManager);
            line.put(
                    "sumOfSquares",
                    byTask.stream().mapToDouble(result -> result.sumOfSquares).sum());
            ArrayNode tasks = line.putArray("tasks");
            for (SliceResult result : byTask) {
                tasks.addObject()
                        .put("task", result.taskIndex)
                        .put("subtask", result.workerSubtask)
                        .put("taskManager", result.workerTaskManager);
            }
            out.collect(new OutputLine(requestId, JSON.writeValueAsString(line)));
        }
    }

    /** Writes a line with its request id as the key. */
    static final class OutputLineSerializer implements KafkaRecordSerializationSchema<OutputLine> {

        private final String topic;

        OutputLineSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                OutputLine line, KafkaSinkContext context, Long timestamp) {
            byte[] key =
                    line.requestId == null ? null : line.requestId.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(topic, key, line.json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
