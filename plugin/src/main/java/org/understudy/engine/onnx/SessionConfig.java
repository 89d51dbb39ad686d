package org.understudy.engine.onnx;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * How {@link OrtModel} runs a graph. Immutable: [any-thread].
 *
 * @param intraOpThreads threads inside one op; 0 lets ORT choose (one per physical core)
 * @param interOpThreads threads across independent ops; 1 runs ops in sequence
 * @param optimization ORT's graph optimisation level
 * @param memoryPattern ORT's memory-pattern planning; it pays off only when input shapes repeat
 * @param cudaDevice the CUDA device to try first, or -1 for CPU only; without CUDA the model runs on CPU
 *     and says why ({@link OrtModel#fallback()})
 */
public record SessionConfig(int intraOpThreads, int interOpThreads, OptLevel optimization, boolean memoryPattern, int cudaDevice) {
    public SessionConfig {
        if (intraOpThreads < 0 || interOpThreads < 1) throw new IllegalArgumentException("threads: intra " + intraOpThreads + ", inter " + interOpThreads);
    }

    /** CPU, ORT's thread count, all optimisations. */
    public static SessionConfig defaults() {
        return new SessionConfig(0, 1, OptLevel.ALL_OPT, true, -1);
    }

    /** CPU with {@code threads} threads inside each op. */
    public static SessionConfig cpu(int threads) {
        return new SessionConfig(threads, 1, OptLevel.ALL_OPT, true, -1);
    }

    public SessionConfig withCuda(int device) {
        return new SessionConfig(intraOpThreads, interOpThreads, optimization, memoryPattern, device);
    }

    public SessionConfig withMemoryPattern(boolean on) {
        return new SessionConfig(intraOpThreads, interOpThreads, optimization, on, cudaDevice);
    }
}
