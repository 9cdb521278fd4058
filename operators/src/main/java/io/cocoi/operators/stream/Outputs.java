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

    private Outputs() {}
}
