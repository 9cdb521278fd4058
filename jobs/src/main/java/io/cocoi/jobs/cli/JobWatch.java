package io.cocoi.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cocoi.jobs.flink.EmbeddedFlink;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Tells when a job on the embedded cluster has stopped running: failed, or restarting for longer
 * than a grace period (with checkpoints on, Flink restarts a job that cannot deploy forever).
 */
final class JobWatch {

    private static final Duration RESTARTING_GRACE = Duration.ofSeconds(30);

    private final JobClient client;
    private final EmbeddedFlink flink;
    private long notRunningSince = -1;

    JobWatch(JobClient client, EmbeddedFlink flink) {
        this.client = client;
        this.flink = flink;
    }

    /** Null while the job runs; otherwise its state and latest failure. */
    String failure() throws Exception {
        JobStatus status = client.getJobStatus().get();
        if (status == JobStatus.RUNNING || status == JobStatus.CREATED) {
            notRunningSince = -1;
            return null;
        }
        long now = System.nanoTime();
        if (notRunningSince < 0) {
            notRunningSince = now;
        }
        boolean stuck = now - notRunningSince > RESTARTING_GRACE.toNanos();
        if (!status.isGloballyTerminalState() && !stuck) {
            return null;
        }
        return status + ", " + latestException();
    }

    private String latestException() {
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    flink.webUiUrl()
                                                            .resolve(
                                                                    "/jobs/"
                                                                            + client.getJobID()
                                                                            + "/exceptions"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            JsonNode root = new ObjectMapper().readTree(response.body());
            String trace =
                    root.path("exceptionHistory")
                            .path("entries")
                            .path(0)
                            .path("stacktrace")
                            .asText("");
            return trace.isEmpty() ? "no exception recorded" : trace.lines().findFirst().orElse("");
        } catch (Exception e) {
            return "its exceptions could not be read: " + e.getMessage();
        }
    }
}
