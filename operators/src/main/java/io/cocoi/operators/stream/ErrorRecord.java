package io.cocoi.operators.stream;

/** A request the job could not serve, for the errors topic: which one, where and why. */
public class ErrorRecord {

    public String requestId;

    /** The pipeline stage that rejected it, for example {@code preprocess}. */
    public String stage;

    public String reason;

    public long atMs;

    public ErrorRecord() {}

    public ErrorRecord(String requestId, String stage, String reason, long atMs) {
        this.requestId = requestId;
        this.stage = stage;
        this.reason = reason;
        this.atMs = atMs;
    }

    @Override
    public String toString() {
        return "ErrorRecord{request=%s, stage=%s, reason=%s}".formatted(requestId, stage, reason);
    }
}
