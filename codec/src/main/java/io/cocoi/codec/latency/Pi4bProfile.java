package io.cocoi.codec.latency;

/**
 * The {@code pi4b} device profile, derived from the paper's Raspberry Pi 4B figures.
 *
 * <p>Derivation. Computation: a whole local inference took 50.8 s for VGG16 and 89.8 s for ResNet18
 * (section V), of which convolutions were 99.43 % and 99.68 % (appendix A). Dividing the
 * convolution time by the model's convolution FLOPs gives the mean seconds per FLOP; the two models
 * give very different rates on the same device (PyTorch 1.11 on a Pi runs ResNet18's small layers
 * far less efficiently), so the rate is taken per model. Master and workers are the same kind of
 * device and share it. Links: the workers' WiFi was limited to 100 Mbit/s (appendix B), a mean of
 * 8e-8 s per byte. Shift and exponential parts: the paper fits shift-exponentials to these phases
 * (appendix B, fig. 8) but prints no parameters, so 80 % of each mean is taken as the shift θ and
 * 20 % as the exponential part 1/µ, a mild straggling level that scenario λ_tr adds to.
 */
public final class Pi4bProfile {

    public static final double VGG16_LOCAL_SECONDS = 50.8;
    public static final double VGG16_CONVOLUTION_SHARE = 0.9943;
    public static final double RESNET18_LOCAL_SECONDS = 89.8;
    public static final double RESNET18_CONVOLUTION_SHARE = 0.9968;

    /** Local inference on the paper's "high-probability" straggler (section V), VGG16. */
    public static final double VGG16_STRAGGLER_LOCAL_SECONDS = 85.2;

    /** Local inference on the paper's "high-probability" straggler (section V), ResNet18. */
    public static final double RESNET18_STRAGGLER_LOCAL_SECONDS = 148.8;

    /** 100 Mbit/s. */
    public static final double LINK_BYTES_PER_SECOND = 100e6 / 8;

    /** The share of a phase's mean time that is the shift θ; the rest is the exponential part. */
    public static final double SHIFT_SHARE = 0.8;

    private Pi4bProfile() {}

    /**
     * The profile for a model whose local inference takes {@code localSeconds}, {@code
     * convolutionShare} of it in convolutions totalling {@code convolutionFlops}.
     */
    public static DeviceProfile forModel(
            String model, double localSeconds, double convolutionShare, double convolutionFlops) {
        if (!(localSeconds > 0) || !(convolutionShare > 0 && convolutionShare <= 1)) {
            throw new IllegalArgumentException(
                    "pi4b profile for %s: local time %s s, convolution share %s; expected > 0 and"
                                    .formatted(model, localSeconds, convolutionShare)
                            + " (0, 1]");
        }
        if (!(convolutionFlops > 0)) {
            throw new IllegalArgumentException(
                    "pi4b profile for %s: %s convolution FLOPs, expected > 0"
                            .formatted(model, convolutionFlops));
        }
        double secondsPerFlop = localSeconds * convolutionShare / convolutionFlops;
        Phase computation = Phase.ofMean(secondsPerFlop, SHIFT_SHARE);
        Phase link = Phase.ofMean(1 / LINK_BYTES_PER_SECOND, SHIFT_SHARE);
        return new DeviceProfile("pi4b-" + model, computation, computation, link, link);
    }
}
