package io.cocoi.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cocoi.operators.image.ImageNetLabels;
import io.cocoi.operators.stream.ErrorRecord;
import io.cocoi.operators.stream.PipelineSpec;
import io.cocoi.operators.stream.RequestState;
import java.io.Serializable;

/**
 * The JSON of the results and errors topics. A result: request id, model, top-5 (class index,
 * label, probability), end-to-end latency, whether any layer was degraded, per distributed layer
 * its name, n and k, the worker tasks decoded, the encode, wait and decode times, the slowest
 * decoded worker's task time and the overhead beyond it, the partitions re-dispatched to other
 * workers, and the logits when the request asked for them. An error: request id, stage and reason.
 */
public final class ResultJson implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOP = 5;

    private final PipelineSpec spec;
    private transient ImageNetLabels labels;

    public ResultJson(PipelineSpec spec) {
        this.spec = spec;
    }

    public String result(RequestState state, long nowMs) {
        if (labels == null) {
            labels = ImageNetLabels.load();
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("request_id", state.requestId);
        root.put("model", state.model);
        ArrayNode top = root.putArray("top5");
        for (ImageNetLabels.Prediction prediction : labels.top(state.activation, TOP)) {
            top.addObject()
                    .put("index", prediction.classIndex())
                    .put("label", prediction.label())
                    .put("probability", prediction.probability());
        }
        root.put("latency_ms", nowMs - state.submittedAtMs);
        root.put("degraded", state.anyDegraded());
        ArrayNode layers = root.putArray("layers");
        for (int layer = 0; layer < state.layerK.length; layer++) {
            ObjectNode entry = layers.addObject();
            entry.put("layer", spec.layerName(layer));
            entry.put("n", state.layerWorkers[layer]);
            entry.put("k", state.layerK[layer]);
            ArrayNode workers = entry.putArray("workers");
            for (int task = 0; task < 64; task++) {
                if ((state.usedTasks[layer] & (1L << task)) != 0) {
                    workers.add(task);
                }
            }
            entry.put("encode_ms", state.encodeMs[layer]);
            entry.put("wait_ms", state.waitMs[layer]);
            entry.put("decode_ms", state.decodeMs[layer]);
            entry.put("slowest_task_ms", state.slowestUsedTaskMs[layer]);
            // What the framework adds to the slowest worker it waited for: transfer, queueing,
            // windowing and decoding.
            entry.put(
                    "overhead_ms",
                    state.waitMs[layer] + state.decodeMs[layer] - state.slowestUsedTaskMs[layer]);
            entry.put("redispatched", state.redispatchedTasks[layer]);
            entry.put("degraded", state.degraded[layer]);
        }
        if (state.wantLogits) {
            ArrayNode logits = root.putArray("logits");
            for (float logit : state.activation) {
                logits.add(logit);
            }
        }
        return root.toString();
    }

    public static String error(ErrorRecord error) {
        ObjectNode root = JSON.createObjectNode();
        root.put("request_id", error.requestId);
        root.put("stage", error.stage);
        root.put("reason", error.reason);
        root.put("at_ms", error.atMs);
        return root.toString();
    }
}
