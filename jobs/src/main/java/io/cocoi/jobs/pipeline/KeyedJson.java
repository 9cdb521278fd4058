package io.cocoi.jobs.pipeline;

/** One record for the results or errors topic: the request id as key and a JSON value. */
public class KeyedJson {

    public String key;

    public String json;

    public KeyedJson() {}

    public KeyedJson(String key, String json) {
        this.key = key;
        this.json = json;
    }

    @Override
    public String toString() {
        return key + " " + json;
    }
}
