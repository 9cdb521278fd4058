package io.cocoi.jobs.smoke;

/** A checked input: the request id, its model header and the float32 values of its payload. */
public class Sample {

    public String requestId;

    public String model;

    public float[] values;

    public Sample() {}

    public Sample(String requestId, String model, float[] values) {
        this.requestId = requestId;
        this.model = model;
        this.values = values;
    }
}
