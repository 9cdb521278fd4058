package io.cocoi.operators.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch engine of DJL on the CPU. The native library and its JNI bridge come from the {@code
 * pytorch-native-cpu} and {@code pytorch-jni} jars on the class path (DJL unpacks them into its
 * cache folder on first use), so nothing is downloaded at run time; {@code ai.djl.offline} is set
 * unless the user set it, so a missing native jar fails instead of reaching for the network.
 */
public final class TorchRuntime {

    public static final String ENGINE_NAME = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    private static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private static volatile boolean started;

    private TorchRuntime() {}

    /** A new root manager on the CPU; close it to free every tensor created under it. */
    public static NDManager newManager() {
        start();
        return NDManager.newBaseManager(Device.cpu(), ENGINE_NAME);
    }

    /** Sets the threads one PyTorch operator may use (intra-op parallelism) for this process. */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(
                    "PyTorch threads %d, expected 1 or more".formatted(threads));
        }
        start();
        JniUtils.setNumThreads(threads);
        LOG.info("PyTorch intra-op threads set to {}", threads);
    }

    public static int threads() {
        start();
        return JniUtils.getNumThreads();
    }

    /** The file the native PyTorch library was loaded from. */
    public static String nativeLibrary() {
        start();
        return LibUtils.getLibtorchPath();
    }

    /** Engine, PyTorch version and threads, for logs and reports. */
    public static String describe() {
        start();
        return "DJL %s, PyTorch %s (%s), %d intra-op threads"
                .formatted(
                        Engine.getDjlVersion(),
                        Engine.getEngine(ENGINE_NAME).getVersion(),
                        System.getProperty("os.arch"),
                        JniUtils.getNumThreads());
    }

    private static void start() {
        if (started) {
            return;
        }
        synchronized (TorchRuntime.class) {
            if (started) {
                return;
            }
            if (System.getProperty(OFFLINE_PROPERTY) == null) {
                System.setProperty(OFFLINE_PROPERTY, "true");
            }
            Engine engine = Engine.getEngine(ENGINE_NAME);
            LOG.info(
                    "PyTorch {} loaded from {} with {} intra-op threads",
                    engine.getVersion(),
                    LibUtils.getLibtorchPath(),
                    JniUtils.getNumThreads());
            started = true;
        }
    }
}
