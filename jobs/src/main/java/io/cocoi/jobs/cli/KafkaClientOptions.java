package io.cocoi.jobs.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to reach it: the bootstrap servers and an optional properties file of
 * client settings (SASL, TLS) for the job's source and sinks and for the publish and results
 * commands.
 */
public final class KafkaClientOptions {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "Kafka client settings (security.protocol, sasl.*, ssl.*) as a properties file")
    Path propertiesFile;

    /**
     * The client settings: the properties file if given, with {@code bootstrap.servers} from {@code
     * --bootstrap-servers}.
     *
     * @throws IllegalArgumentException if the file cannot be read
     */
    public Properties clientSettings() {
        Properties settings = new Properties();
        if (propertiesFile != null) {
            try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                settings.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--kafka-properties %s cannot be read (%s), expected a Java properties file"
                                .formatted(propertiesFile, e),
                        e);
            }
        }
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
