package io.cocoi.codec.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceProfileTest {

    @TempDir Path folder;

    @Test
    void roundTripsThroughAPropertiesFile() throws IOException {
        DeviceProfile profile = LatencyFixtures.shifted(0.8, 0.6, 8e-8);
        Path file = folder.resolve("cluster.properties");
        Files.writeString(file, profile.toProperties());

        DeviceProfile loaded = DeviceProfile.load(file);

        assertThat(loaded.name()).isEqualTo("grid");
        assertThat(loaded.compute().mu()).isCloseTo(profile.compute().mu(), relative());
        assertThat(loaded.send().theta()).isCloseTo(profile.send().theta(), relative());
    }

    @Test
    void listsMissingAndUnexpectedKeys() throws IOException {
        Path file = folder.resolve("partial.properties");
        Files.writeString(file, "name=partial\nmaster.mu=1\nmaster.theta=0\nmaster.sigma=2\n");

        assertThatThrownBy(() -> DeviceProfile.load(file))
                .hasMessageContaining(
                        "missing keys [compute.mu, compute.theta, receive.mu, receive.theta,"
                                + " send.mu, send.theta], unexpected keys [master.sigma]");
    }

    @Test
    void namesAValueThatIsNotANumber() throws IOException {
        DeviceProfile profile = LatencyFixtures.shifted(0.8, 0.6, 8e-8);
        Path file = folder.resolve("typo.properties");
        Files.writeString(
                file, profile.toProperties().replaceFirst("send.mu=[^\\n]*", "send.mu=fast"));

        assertThatThrownBy(() -> DeviceProfile.load(file))
                .hasMessageEndingWith("send.mu='fast' is not a number");
    }

    @Test
    void reportsAFileThatCannotBeRead() {
        Path missing = folder.resolve("nope.properties");

        assertThatThrownBy(() -> DeviceProfile.load(missing))
                .hasMessageStartingWith("cannot read device profile " + missing);
    }

    private static org.assertj.core.data.Percentage relative() {
        return org.assertj.core.data.Percentage.withPercentage(1e-4);
    }
}
