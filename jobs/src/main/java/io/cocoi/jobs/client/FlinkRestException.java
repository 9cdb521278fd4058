package io.cocoi.jobs.client;

import java.io.IOException;

/** A Flink REST call that failed: the cluster was unreachable or answered with an error. */
public final class FlinkRestException extends IOException {

    public FlinkRestException(String message) {
        super(message);
    }

    public FlinkRestException(String message, Throwable cause) {
        super(message, cause);
    }
}
