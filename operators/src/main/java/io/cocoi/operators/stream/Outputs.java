package io.cocoi.operators.stream;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side outputs of the pipeline's functions. */
public final class Outputs {

    /** Requests that failed, bound for the errors topic. */
    public static final OutputTag<ErrorRecord> ERRORS =
            new OutputTag<>("errors", TypeInformation.of(ErrorRecord.class));

    /** A split layer's master context, bound for its decode window. */
    public static final OutputTag<DecodeInput> CONTEXTS =
            new OutputTag<>("contexts", TypeInformation.of(DecodeInput.class));

    /** Partitions an uncoded layer's first decode window sends to other workers. */
    public static final OutputTag<CodedTask> REDISPATCHED =
            new OutputTag<>("redispatched", TypeInformation.of(CodedTask.class));

    /** The context and results an uncoded layer's first window hands to the second. */
    public static final OutputTag<DecodeInput> SECOND_ROUND =
            new OutputTag<>("second-round", TypeInformation.of(DecodeInput.class));

    private Outputs() {}
}
