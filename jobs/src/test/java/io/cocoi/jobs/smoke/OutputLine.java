package io.cocoi.jobs.smoke;

/** One JSON line for an output topic, keyed by its request id. */
public class OutputLine {

    public String requestId;

    public String json;

    public OutputLine() {}

    public OutputLine(String requestId, String json) {
        this.requestId = requestId;
        this.json = json;
    }
}
