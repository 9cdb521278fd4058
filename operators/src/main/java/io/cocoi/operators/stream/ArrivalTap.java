package io.cocoi.operators.stream;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Notes when each coded result of a layer reaches the master and passes it on to the decode window
 * unchanged: the layer's {@link PlanBoard} fits the workers' phases from every result, the ones
 * that arrive after the decode too, since fitting only the k fastest of n would hide the stragglers
 * the plan has to absorb. Runs on the master, only when the job re-plans adaptively.
 */
public final class ArrivalTap extends ProcessFunction<DecodeInput, DecodeInput> {

    private static final long serialVersionUID = 1L;

    private final int layer;
    private transient String jobId;

    public ArrivalTap(int layer) {
        this.layer = layer;
    }

    @Override
    public void open(OpenContext openContext) {
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
    }

    @Override
    public void processElement(DecodeInput input, Context context, Collector<DecodeInput> out) {
        PlanBoard board = PlanBoard.find(jobId, layer);
        if (board != null && !input.isContext()) {
            board.taskReturned(input.result, System.currentTimeMillis());
        }
        out.collect(input);
    }
}
