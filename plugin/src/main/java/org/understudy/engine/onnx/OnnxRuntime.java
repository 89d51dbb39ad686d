package org.understudy.engine.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.util.logging.Logger;

/**
 * The one place that starts ONNX Runtime. ORT 1.29 ships Microsoft's telemetry client switched on: it
 * writes {@code ~/.cache/Microsoft/DeveloperTools/.onnxruntime/} and queues events for upload unless
 * {@code ORT_DISABLE_TELEMETRY=1} is in the C environment when the environment is created
 * ({@code OrtEnvironment.setTelemetry(false)} alone does not stop the files). So {@link #environment()}
 * sets that variable first, and nothing else in the engine may call {@code OrtEnvironment.getEnvironment}
 * (a test checks the sources).
 */
public final class OnnxRuntime {
    public static final String TELEMETRY_VARIABLE = "ORT_DISABLE_TELEMETRY";
    private static final Logger LOG = Logger.getLogger("understudy.onnx");
    private static OrtEnvironment environment;

    private OnnxRuntime() {}

    /** [any-thread] The process-wide ORT environment, started on first use with telemetry off. */
    public static synchronized OrtEnvironment environment() {
        if (environment == null) {
            if (!"1".equals(ProcessEnv.get(TELEMETRY_VARIABLE))) ProcessEnv.set(TELEMETRY_VARIABLE, "1");
            final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "understudy");
            try {
                env.setTelemetry(false);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime refused to turn telemetry events off: " + e.getMessage(), e);
            }
            LOG.info("ONNX Runtime " + env.getVersion() + " started, " + TELEMETRY_VARIABLE + "=1");
            environment = env;
        }
        return environment;
    }

    /** [any-thread] Whether this ONNX Runtime build has the CUDA provider (a GPU may still be missing: sessions then fall back to the CPU). */
    public static boolean cudaAvailable() {
        return environment().getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
    }

    /** [any-thread] Whether {@code ORT_DISABLE_TELEMETRY=1} is in this process's C environment. */
    public static boolean telemetryDisabled() {
        return "1".equals(ProcessEnv.get(TELEMETRY_VARIABLE));
    }
}
