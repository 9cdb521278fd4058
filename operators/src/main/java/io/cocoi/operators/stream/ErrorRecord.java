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

    /** The error record of {@code requestId}, rejected now by {@code stage} for {@code reason}. */
    public static ErrorRecord now(String requestId, String stage, String reason) {
        return new ErrorRecord(requestId, stage, reason, System.currentTimeMillis());
    }

    @Override
    public String toString() {
        return "ErrorRecord{request=%s, stage=%s, reason=%s}".formatted(requestId, stage, reason);
    }
}
