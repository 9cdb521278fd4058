package io.cocoi.operators.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TorchRuntimeTest {

    @Test
    void theNativeLibraryComesFromTheJarOnTheClassPath() throws IOException {
        Properties bundled = new Properties();
        try (InputStream in =
                TorchRuntimeTest.class.getResourceAsStream("/native/lib/pytorch.properties")) {
            assertThat(in).as("pytorch-native-cpu jar on the class path").isNotNull();
            bundled.load(in);
        }

        String library = TorchRuntime.nativeLibrary();

        // DJL unpacks the bundled jar into a cache folder named after its version and classifier.
        String folder =
                "%s-%s-%s"
                        .formatted(
                                bundled.getProperty("version"),
                                bundled.getProperty("flavor"),
                                bundled.getProperty("classifier"));
        assertThat(library).contains(folder);
        assertThat(Engine.getEngine(TorchRuntime.ENGINE_NAME).getVersion())
                .isEqualTo(bundled.getProperty("version").split("-")[0]);
        assertThat(Utils.isOfflineMode()).as("downloads are switched off").isTrue();
    }

    @Test
    void threadsCanBeFixedForMeasurements() {
        int before = TorchRuntime.threads();
        try {
            TorchRuntime.setThreads(1);

            assertThat(TorchRuntime.threads()).isEqualTo(1);
            assertThat(TorchRuntime.describe()).contains("PyTorch 2.7.1", "1 intra-op threads");
        } finally {
            TorchRuntime.setThreads(before);
        }
    }
}
