package io.cocoi.jobs.flink;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient.JobFinalizationBehavior;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Hands every pipeline of an environment to one running MiniCluster, which outlives the jobs
 * (unlike Flink's local executor, which starts a cluster per job).
 */
final class MiniClusterExecutors implements PipelineExecutorServiceLoader, PipelineExecutorFactory {

    /** The {@code execution.target} that selects this executor. */
    static final String NAME = "cocoi-embedded";

    private final MiniCluster miniCluster;

    MiniClusterExecutors(MiniCluster miniCluster) {
        this.miniCluster = miniCluster;
    }

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        String target = configuration.get(DeploymentOptions.TARGET);
        if (!isCompatibleWith(configuration)) {
            throw new IllegalArgumentException(
                    "this environment runs jobs on an embedded MiniCluster only: "
                            + DeploymentOptions.TARGET.key()
                            + " is '"
                            + target
                            + "', expected '"
                            + NAME
                            + "'");
        }
        return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
        return Stream.of(NAME);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
        return NAME.equals(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return (pipeline, jobConfiguration, userCodeClassLoader) -> {
            StreamGraph streamGraph =
                    PipelineExecutorUtils.getStreamGraph(pipeline, jobConfiguration);
            CompletableFuture<JobClient> jobClient =
                    miniCluster
                            .submitJob(streamGraph)
                            .thenApply(
                                    submission ->
                                            new MiniClusterJobClient(
                                                    submission.getJobID(),
                                                    miniCluster,
                                                    userCodeClassLoader,
                                                    JobFinalizationBehavior.NOTHING));
            return jobClient;
        };
    }
}
