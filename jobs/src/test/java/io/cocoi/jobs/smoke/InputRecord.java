package io.cocoi.jobs.smoke;

/**
 * One Kafka record as it arrived: key, the optional headers and the raw value, not yet checked.
 *
 * <p>A Flink POJO (public no-arg constructor, public fields), so no Kryo is involved.
 */
public class InputRecord {

    /** The record key as UTF-8, or null when the record has none. */
    public String requestId;

    /** The {@code model} header, or null. */
    public String model;

    /** The {@code submitted-at} header (epoch milliseconds as decimal text), or null. */
    public String submittedAt;

    /** The value bytes, or null for a tombstone. */
    public byte[] value;

    public InputRecord() {}
}
