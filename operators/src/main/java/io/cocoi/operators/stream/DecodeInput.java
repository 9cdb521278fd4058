package io.cocoi.operators.stream;

import io.cocoi.operators.engine.LayerContext;

/**
 * What a layer's decode window collects for one request: exactly one master context (the request's
 * state and the remainder; the layer input, from which the master recovers missing partitions, is
 * usually held at the master instead, see {@link HeldInputs}) and the coded results, in arrival
 * order. Exactly one of context and result is set.
 */
public class DecodeInput {

    public RequestState context;

    /** With the context: the master's part of the encoded layer (its remainder). */
    public LayerContext layerContext;

    public CodedResult result;

    /** n of the plan the master chose for this request's layer; every element carries it. */
    public int workers;

    /** k of that plan. */
    public int k;

    public DecodeInput() {}

    /** The context of a layer the master split into {@code k} sources and {@code workers} tasks. */
    public static DecodeInput ofContext(
            RequestState context, LayerContext layerContext, int workers, int k) {
        DecodeInput input = new DecodeInput();
        input.context = context;
        input.layerContext = layerContext;
        input.workers = workers;
        input.k = k;
        return input;
    }

    public static DecodeInput ofResult(CodedResult result) {
        DecodeInput input = new DecodeInput();
        input.result = result;
        input.workers = result.workers;
        input.k = result.k;
        return input;
    }

    public boolean isContext() {
        return context != null;
    }

    /** The window key: the request's trace key (a result's request id carries it). */
    public String traceKey() {
        return isContext() ? context.traceKey : result.requestId;
    }

    /** The layer's deadline; context and results of one request and layer carry the same one. */
    public long deadlineMs() {
        return isContext() ? context.deadlineMs : result.deadlineMs;
    }

    @Override
    public String toString() {
        return isContext() ? "DecodeInput{" + context + "}" : "DecodeInput{" + result + "}";
    }
}
