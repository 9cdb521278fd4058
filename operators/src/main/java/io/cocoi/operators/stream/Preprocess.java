package io.cocoi.operators.stream;

import io.cocoi.operators.image.ImagePreprocessor;
import io.cocoi.operators.image.ImageRejectedException;
import io.cocoi.operators.model.Models;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a record and turns its image into the model input, starting the request's state. A record
 * with no key, a key over {@link #MAX_REQUEST_ID_CHARS}, a header over {@link #MAX_HEADER_CHARS}, a
 * model this job does not serve, a bad {@code submitted-at} or {@code logits} header, no value, a
 * value over {@link #MAX_VALUE_BYTES}, or bytes that are not a usable JPEG, PNG or {@code .npy}
 * tensor goes to {@link Outputs#ERRORS} with the reason; nothing here fails the job.
 */
public final class Preprocess extends ProcessFunction<ImageRecord, RequestState> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Preprocess.class);

    /** The largest record value accepted: 32 MiB. */
    public static final int MAX_VALUE_BYTES = 32 << 20;

    /** The longest request id (record key) accepted. */
    public static final int MAX_REQUEST_ID_CHARS = 256;

    /** The longest value of a header the job reads ({@code model}, {@code submitted-at}, ...). */
    public static final int MAX_HEADER_CHARS = 64;

    /** How much of an over-long request id an error record keeps. */
    static final int SHOWN_REQUEST_ID_CHARS = 64;

    private final PipelineSpec spec;
    private transient ImagePreprocessor preprocessor;

    public Preprocess(PipelineSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext openContext) {
        spec.applyTorchThreads();
        preprocessor = ImagePreprocessor.forCropSize(spec.variant().imageSize());
    }

    @Override
    public void processElement(ImageRecord record, Context context, Collector<RequestState> out) {
        String problem = check(record);
        float[] input = null;
        if (problem == null) {
            try {
                input = preprocessor.preprocess(record.value);
            } catch (ImageRejectedException | RuntimeException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            LOG.debug("request {} rejected: {}", record.requestId, problem);
            context.output(
                    Outputs.ERRORS, ErrorRecord.now(errorKey(record), "preprocess", problem));
            return;
        }

        RequestState state =
                RequestState.start(
                        record.requestId,
                        spec.model(),
                        submittedAt(record),
                        record.receivedAtMs,
                        input,
                        spec.codedSteps().size());
        state.traceKey = record.traceKey;
        state.wantLogits = "true".equalsIgnoreCase(record.logits);
        out.collect(state);
    }

    private String check(ImageRecord record) {
        if (record.requestId == null || record.requestId.isBlank()) {
            return "record has no key, expected the request id as the key";
        }
        if (record.requestId.length() > MAX_REQUEST_ID_CHARS) {
            return "request id has %d characters, expected at most %d"
                    .formatted(record.requestId.length(), MAX_REQUEST_ID_CHARS);
        }
        String longHeader =
                longHeader(
                        "model", record.model,
                        "submitted-at", record.submittedAt,
                        "logits", record.logits);
        if (longHeader != null) {
            return longHeader;
        }
        if (record.model != null) {
            String model = record.model.trim().toLowerCase(Locale.ROOT);
            if (!Models.NAMES.contains(model)) {
                return "unknown model '%s', expected one of %s"
                        .formatted(record.model, String.join(", ", Models.NAMES));
            }
            if (!model.equals(spec.model())) {
                return "model '%s' is not served by this job, which runs %s"
                        .formatted(record.model, spec.model());
            }
        }
        if (record.submittedAt != null) {
            try {
                Long.parseLong(record.submittedAt.trim());
            } catch (NumberFormatException e) {
                return "header submitted-at '%s' is not epoch milliseconds"
                        .formatted(record.submittedAt);
            }
        }
        if (record.logits != null
                && !record.logits.equalsIgnoreCase("true")
                && !record.logits.equalsIgnoreCase("false")) {
            return "header logits '%s', expected true or false".formatted(record.logits);
        }
        if (record.value == null || record.value.length == 0) {
            return "record value is empty, expected JPEG, PNG or .npy bytes";
        }
        if (record.value.length > MAX_VALUE_BYTES) {
            return "record value has %d bytes, expected at most %d"
                    .formatted(record.value.length, MAX_VALUE_BYTES);
        }
        return null;
    }

    private static String longHeader(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value != null && value.length() > MAX_HEADER_CHARS) {
                return "header %s has %d characters, expected at most %d"
                        .formatted(namesAndValues[i], value.length(), MAX_HEADER_CHARS);
            }
        }
        return null;
    }

    /**
     * The key of a record's error: its request id, cut short when over the limit, or the record's
     * trace key (partition and offset) when it has none.
     */
    private static String errorKey(ImageRecord record) {
        if (record.requestId == null) {
            return record.traceKey;
        }
        if (record.requestId.length() > MAX_REQUEST_ID_CHARS) {
            return record.requestId.substring(0, SHOWN_REQUEST_ID_CHARS) + "...";
        }
        return record.requestId;
    }

    private static long submittedAt(ImageRecord record) {
        return record.submittedAt == null
                ? record.receivedAtMs
                : Long.parseLong(record.submittedAt.trim());
    }
}
