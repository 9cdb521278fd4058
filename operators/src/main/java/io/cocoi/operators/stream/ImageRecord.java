package io.cocoi.operators.stream;

/**
 * One record of the images topic as read, before any check: the request id (the record key), the
 * optional {@code model}, {@code submitted-at} and {@code logits} headers, and the value bytes.
 */
public class ImageRecord {

    public String requestId;

    /** Unique per Kafka record: request id, partition and offset. */
    public String traceKey;

    public String model;

    /** The {@code submitted-at} header as sent: epoch milliseconds, or null. */
    public String submittedAt;

    /** The {@code logits} header: "true" asks for the logits in the result. */
    public String logits;

    public byte[] value;

    public long receivedAtMs;

    public ImageRecord() {}

    @Override
    public String toString() {
        return "ImageRecord{request=%s, model=%s, %d bytes}"
                .formatted(requestId, model, value == null ? 0 : value.length);
    }
}
