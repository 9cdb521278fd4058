package io.cocoi.jobs.pipeline;

import java.util.List;

/** The job's Kafka topics and the headers it reads. */
public final class Topics {

    public static final String IMAGES = "cocoi.images";
    public static final String RESULTS = "cocoi.results";
    public static final String ERRORS = "cocoi.errors";

    public static final List<String> ALL = List.of(IMAGES, RESULTS, ERRORS);

    /** Optional header: the model the image is for; it must be the job's model. */
    public static final String MODEL_HEADER = "model";

    /** Optional header: when the producer submitted the image, epoch milliseconds. */
    public static final String SUBMITTED_AT_HEADER = "submitted-at";

    /** Optional header: "true" adds the 1000 logits to the result. */
    public static final String LOGITS_HEADER = "logits";

    private Topics() {}
}
