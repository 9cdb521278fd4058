package io.cocoi.operators.engine;

import java.util.List;

/**
 * The outcome of one coded inference: the logits and, per coded layer, the tasks whose results
 * arrived.
 */
public record CodedRun(float[] logits, List<LayerRecord> layers) {

    /** One coded layer of the run. */
    public record LayerRecord(String layerName, LayerPlan plan, int[] arrivedTasks) {}
}
