package io.cocoi.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The part of a Flink cluster's REST API that submits jobs from a jar: upload ({@code POST
 * /jars/upload}), run ({@code POST /jars/{id}/run}) and delete ({@code DELETE /jars/{id}}).
 *
 * <pre>{@code
 * FlinkRestClient flink = new FlinkRestClient(URI.create("http://localhost:8081"), timeout);
 * String jarId = flink.uploadJar(Path.of("jobs/target/cocoi-job.jar"));
 * String jobId = flink.runJar(jarId, "io.cocoi.jobs.CocoiJobMain", programArguments);
 * }</pre>
 */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI restAddress;
    private final Duration requestTimeout;
    private final HttpClient http;

    /**
     * @param restAddress the REST API and web UI, {@code http://host:port}
     * @param requestTimeout how long each call may take; a run includes the job's main method
     */
    public FlinkRestClient(URI restAddress, Duration requestTimeout) {
        this.restAddress = restAddress;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /**
     * Uploads a job jar and returns the id the cluster gave it.
     *
     * @throws FlinkRestException if the cluster cannot be reached or rejects the jar
     */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "cocoi-" + UUID.randomUUID();
        String head =
                ("--%s\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"%s\"\r\n"
                                + "Content-Type: application/x-java-archive\r\n\r\n")
                        .formatted(boundary, jar.getFileName());
        String tail = "\r\n--%s--\r\n".formatted(boundary);
        HttpRequest request =
                request("/jars/upload")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(
                                HttpRequest.BodyPublishers.concat(
                                        HttpRequest.BodyPublishers.ofString(head),
                                        HttpRequest.BodyPublishers.ofFile(jar),
                                        HttpRequest.BodyPublishers.ofString(tail)))
                        .build();
        JsonNode answer = send(request, "upload of " + jar);
        String uploaded = answer.path("filename").asText();
        if (uploaded.isEmpty()) {
            throw new FlinkRestException(
                    "upload of %s to %s: answer has no filename, expected the stored jar: %s"
                            .formatted(jar, restAddress, answer));
        }
        return Path.of(uploaded).getFileName().toString();
    }

    /**
     * Runs the uploaded jar's {@code entryClass} with {@code programArguments} and returns the id
     * of the job it submitted.
     *
     * @throws FlinkRestException if the cluster cannot be reached, or the program failed (bad
     *     arguments included: the message carries the cluster's error text)
     */
    public String runJar(String jarId, String entryClass, List<String> programArguments)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        programArguments.forEach(body.putArray("programArgsList")::add);
        HttpRequest request =
                request("/jars/" + jarId + "/run")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build();
        JsonNode answer = send(request, "run of " + entryClass);
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new FlinkRestException(
                    "run of %s on %s: answer has no jobid: %s"
                            .formatted(entryClass, restAddress, answer));
        }
        return jobId;
    }

    /** Removes an uploaded jar; a submitted job keeps its own copy. */
    public void deleteJar(String jarId) throws IOException, InterruptedException {
        send(request("/jars/" + jarId).DELETE().build(), "deletion of jar " + jarId);
    }

    /** The web UI page of a job. */
    public URI jobPage(String jobId) {
        return restAddress.resolve("/#/job/running/" + jobId + "/overview");
    }

    public URI restAddress() {
        return restAddress;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(restAddress.resolve(path)).timeout(requestTimeout);
    }

    private JsonNode send(HttpRequest request, String what)
            throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FlinkRestException(
                    "%s: cannot reach the Flink REST API at %s (%s)"
                            .formatted(what, restAddress, e),
                    e);
        }
        JsonNode answer;
        try {
            answer =
                    response.body().isEmpty()
                            ? JSON.createObjectNode()
                            : JSON.readTree(response.body());
        } catch (IOException notJson) {
            answer = JSON.createObjectNode().put("text", response.body());
        }
        if (response.statusCode() >= 300 || answer.has("errors")) {
            throw new FlinkRestException(
                    "%s: Flink at %s answered HTTP %d: %s"
                            .formatted(
                                    what, restAddress, response.statusCode(), errorText(answer)));
        }
        return answer;
    }

    /** The cluster's error messages without Java stack frames, which bury the cause. */
    static String errorText(JsonNode answer) {
        if (!answer.has("errors")) {
            return answer.toString();
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode error : answer.get("errors")) {
            messages.add(
                    error.asText()
                            .lines()
                            .filter(line -> !line.matches("\\s+at \\S.*"))
                            .filter(line -> !line.matches("\\s+\\.\\.\\. \\d+ more"))
                            .collect(Collectors.joining(System.lineSeparator())));
        }
        return String.join(System.lineSeparator(), messages);
    }
}
