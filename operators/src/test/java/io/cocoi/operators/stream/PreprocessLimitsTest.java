package io.cocoi.operators.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cocoi.operators.model.ModelVariant;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records over the key and header size limits become one error record each, with a short key. */
class PreprocessLimitsTest {

    private static final byte[] NOT_AN_IMAGE = {1, 2, 3};

    private OneInputStreamOperatorTestHarness<ImageRecord, RequestState> harness;

    @BeforeEach
    void open() throws Exception {
        PipelineSpec spec =
                PipelineSpec.builder()
                        .setModel("vgg16")
                        .setWorkers(2)
                        .optVariant(new ModelVariant(8, 64))
                        .build();
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new Preprocess(spec));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void overLongRequestIdIsRejectedUnderAShortenedKey() throws Exception {
        String requestId = "photo-" + "x".repeat(Preprocess.MAX_REQUEST_ID_CHARS);

        harness.processElement(record(requestId, null, null), 0);

        ErrorRecord error = onlyError();
        assertThat(error.requestId)
                .hasSize(Preprocess.SHOWN_REQUEST_ID_CHARS + 3)
                .startsWith("photo-xx")
                .endsWith("...");
        assertThat(error.reason)
                .isEqualTo(
                        "request id has %d characters, expected at most %d"
                                .formatted(requestId.length(), Preprocess.MAX_REQUEST_ID_CHARS));
    }

    @Test
    void overLongHeaderIsRejectedBeforeItsValueIsRead() throws Exception {
        String model = "v".repeat(Preprocess.MAX_HEADER_CHARS + 1);

        harness.processElement(record("a.jpg", model, null), 0);

        ErrorRecord error = onlyError();
        assertThat(error.requestId).isEqualTo("a.jpg");
        assertThat(error.reason)
                .isEqualTo(
                        "header model has %d characters, expected at most %d"
                                .formatted(model.length(), Preprocess.MAX_HEADER_CHARS));
    }

    @Test
    void logitsHeaderOtherThanTrueOrFalseIsRejected() throws Exception {
        harness.processElement(record("b.jpg", null, "maybe"), 0);

        assertThat(onlyError().reason).isEqualTo("header logits 'maybe', expected true or false");
    }

    private ErrorRecord onlyError() {
        assertThat(harness.extractOutputValues()).isEmpty();
        List<ErrorRecord> errors =
                harness.getSideOutput(Outputs.ERRORS).stream().map(r -> r.getValue()).toList();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    private static ImageRecord record(String requestId, String model, String logits) {
        ImageRecord record = new ImageRecord();
        record.requestId = requestId;
        record.traceKey = requestId + "#0:0";
        record.model = model;
        record.logits = logits;
        record.value = NOT_AN_IMAGE;
        return record;
    }
}
