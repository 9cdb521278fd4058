package io.cocoi.jobs.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to reach it: the bootstrap servers and client settings (SASL, TLS) from an
 * optional properties file and from {@code --kafka-setting} pairs, for the job's source and sinks
 * and for the publish and results commands.
 */
public final class KafkaClientOptions {

    /** The option that carries one client setting, as {@code cocoi submit} passes them on. */
    public static final String SETTING_OPTION = "--kafka-setting";

    /** Settings whose values may be logged; every other value is shown as {@code (hidden)}. */
    private static final Set<String> LOGGABLE =
            Set.of(
                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                    "sasl.mechanism",
                    "ssl.endpoint.identification.algorithm",
                    "ssl.protocol",
                    "ssl.enabled.protocols",
                    "ssl.keystore.type",
                    "ssl.truststore.type",
                    "ssl.keystore.location",
                    "ssl.truststore.location",
                    "client.id",
                    "isolation.level",
                    "transaction.timeout.ms",
                    "max.request.size",
                    "max.partition.fetch.bytes");

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
                    "Kafka client settings (security.protocol, sasl.*, ssl.*) as a properties file;"
                            + " submit reads it here and passes the settings to the job")
    Path propertiesFile;

    @Option(
            names = SETTING_OPTION,
            paramLabel = "KEY=VALUE",
            description = "a Kafka client setting, over the properties file (repeatable)")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * The client settings: the properties file if given, then the {@code --kafka-setting} pairs,
     * with {@code bootstrap.servers} from {@code --bootstrap-servers}.
     *
     * @throws IllegalArgumentException if the file cannot be read
     */
    public Properties clientSettings() {
        Properties clientSettings = fileSettings();
        clientSettings.putAll(settings);
        clientSettings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return clientSettings;
    }

    /**
     * The settings of the properties file, empty without one.
     *
     * @throws IllegalArgumentException if the file cannot be read
     */
    public Properties fileSettings() {
        Properties fileSettings = new Properties();
        if (propertiesFile != null) {
            try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                fileSettings.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--kafka-properties %s cannot be read (%s), expected a Java properties file"
                                .formatted(propertiesFile, e),
                        e);
            }
        }
        return fileSettings;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code --kafka-setting KEY=VALUE} for each of {@code settings}, to pass them on. */
    public static List<String> settingArguments(Properties settings) {
        List<String> arguments = new ArrayList<>();
        for (String key : new TreeSet<>(settings.stringPropertyNames())) {
            arguments.add(SETTING_OPTION);
            arguments.add(key + "=" + settings.getProperty(key));
        }
        return arguments;
    }

    /**
     * The settings for a log line: keys in order, values only of settings that hold no secret
     * (addresses, protocols, file locations), {@code (hidden)} for the rest.
     */
    public static String describe(Properties settings) {
        List<String> entries = new ArrayList<>();
        for (String key : new TreeSet<>(settings.stringPropertyNames())) {
            String value = LOGGABLE.contains(key) ? settings.getProperty(key) : "(hidden)";
            entries.add(key + "=" + value);
        }
        return String.join(", ", entries);
    }
}
