package io.cocoi.operators.engine;

import io.cocoi.operators.serial.BulkFloatArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the master keeps of one encoded layer until it decodes: the remainder's input slab (the W_O
 * mod k output columns no worker computes) and, once computed, its bias-free output. Both are null
 * when k divides the output extent. A plain mutable object with a no-argument constructor, so Flink
 * serialises it as a POJO.
 */
public final class LayerContext {

    private String layerName;

    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    private float[] remainderInput;

    @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)
    private float[] remainderOutput;

    public LayerContext() {}

    LayerContext(String layerName, float[] remainderInput) {
        this.layerName = layerName;
        this.remainderInput = remainderInput;
    }

    public String getLayerName() {
        return layerName;
    }

    public void setLayerName(String layerName) {
        this.layerName = layerName;
    }

    /** C_I × padded height × remainder input width, flat; null without a remainder. */
    public float[] getRemainderInput() {
        return remainderInput;
    }

    public void setRemainderInput(float[] remainderInput) {
        this.remainderInput = remainderInput;
    }

    /** C_O × H_O × remainder output width, flat, without bias; null until computed. */
    public float[] getRemainderOutput() {
        return remainderOutput;
    }

    public void setRemainderOutput(float[] remainderOutput) {
        this.remainderOutput = remainderOutput;
    }

    public boolean hasRemainder() {
        return remainderInput != null || remainderOutput != null;
    }
}
