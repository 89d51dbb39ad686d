package org.understudy.engine.onnx;

/**
 * An ONNX model could not be created or run. The message names the model and, where known, the node
 * (with its op and inputs) or the input at fault, and says what was expected. [any-thread]
 */
public final class OrtModelException extends RuntimeException {
    private final String model;
    private final String node;

    OrtModelException(String model, String node, String message, Throwable cause) {
        super("model '" + model + "': " + message, cause);
        this.model = model;
        this.node = node;
    }

    /** The graph's name. */
    public String model() {
        return model;
    }

    /** The failing node's name, or null when the failure is not in one node. */
    public String node() {
        return node;
    }
}
