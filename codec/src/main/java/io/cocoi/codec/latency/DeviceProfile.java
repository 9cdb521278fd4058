package io.cocoi.codec.latency;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The latency parameters of a cluster (paper section III-B): the master's computation (µ_m, θ_m,
 * per FLOP), a worker's computation (µ_cmp, θ_cmp, per FLOP), receiving its input (µ_rec, θ_rec,
 * per byte) and sending its output (µ_sen, θ_sen, per byte). Every worker shares one profile.
 *
 * <p>A profile file is a properties file with the keys {@code name}, {@code master.mu}, {@code
 * master.theta}, {@code compute.mu}, {@code compute.theta}, {@code receive.mu}, {@code
 * receive.theta}, {@code send.mu} and {@code send.theta}; µ in units per second, θ in seconds per
 * unit.
 */
public record DeviceProfile(String name, Phase master, Phase compute, Phase receive, Phase send)
        implements Serializable {

    private static final List<String> PHASES = List.of("master", "compute", "receive", "send");

    public DeviceProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("device profile name must not be blank");
        }
    }

    /** Reads a profile file; every key must be present and nothing else may be. */
    public static DeviceProfile load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read device profile %s: %s".formatted(file, e.getMessage()), e);
        }
        return fromProperties(properties, file.toString());
    }

    static DeviceProfile fromProperties(Properties properties, String source) {
        List<String> expected = new ArrayList<>(List.of("name"));
        for (String phase : PHASES) {
            expected.add(phase + ".mu");
            expected.add(phase + ".theta");
        }
        Set<String> present = properties.stringPropertyNames();
        List<String> missing = expected.stream().filter(key -> !present.contains(key)).toList();
        List<String> unexpected =
                present.stream().filter(key -> !expected.contains(key)).sorted().toList();
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(
                    "device profile %s: missing keys %s, unexpected keys %s; expected exactly %s"
                            .formatted(source, missing, unexpected, expected));
        }
        Phase[] phases = new Phase[PHASES.size()];
        for (int i = 0; i < phases.length; i++) {
            String phase = PHASES.get(i);
            phases[i] =
                    new Phase(
                            number(properties, source, phase + ".mu"),
                            number(properties, source, phase + ".theta"));
        }
        return new DeviceProfile(
                properties.getProperty("name").trim(), phases[0], phases[1], phases[2], phases[3]);
    }

    /** The profile as a properties file's text, readable by {@link #load}. */
    public String toProperties() {
        StringBuilder text = new StringBuilder("name=").append(name).append('\n');
        Phase[] phases = {master, compute, receive, send};
        for (int i = 0; i < phases.length; i++) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%s.mu=%.6e%n%s.theta=%.6e%n",
                            PHASES.get(i),
                            phases[i].mu(),
                            PHASES.get(i),
                            phases[i].theta()));
        }
        return text.toString();
    }

    private static double number(Properties properties, String source, String key) {
        String value = properties.getProperty(key).trim();
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "device profile %s: %s='%s' is not a number".formatted(source, key, value), e);
        }
    }
}
