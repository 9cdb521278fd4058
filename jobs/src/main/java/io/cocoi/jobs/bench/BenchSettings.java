package io.cocoi.jobs.bench;

import java.util.List;
import java.util.Map;

/**
 * What a benchmark run was, for its report: the command, n, the model variant, repetitions, the
 * device emulation (profile per model, scale, seed) and notes on what was restricted or left out.
 */
public record BenchSettings(
        String command,
        int workers,
        String variant,
        int repetitions,
        Map<String, String> profileByModel,
        double emulationScale,
        long scenarioSeed,
        long layerTimeoutMs,
        List<String> notes) {

    public BenchSettings {
        profileByModel = Map.copyOf(profileByModel);
        notes = List.copyOf(notes);
    }
}
