package org.understudy.engine.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.understudy.engine.onnx.proto.Onnx.ModelProto;
import org.understudy.engine.onnx.proto.Onnx.NodeProto;

/**
 * A built graph: the weight-free model proto plus what {@link GraphBuilder} knew about it, kept so that
 * {@link OrtModel} can check inputs and weights and name the node when ONNX Runtime fails.
 */
public record OnnxGraph(String name, ModelProto model, List<Value> inputs, List<Value> outputs, List<Value> weights,
        Map<String, Value> values) {
    public OnnxGraph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        weights = List.copyOf(weights);
        values = Map.copyOf(values);
    }

    /** [any-thread] The serialized model, as ORT loads it. Small: weights are stubs. */
    public byte[] toByteArray() {
        return model.toByteArray();
    }

    /** [any-thread] The node called {@code name}, if the graph has one. */
    public Optional<NodeProto> node(String name) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst();
    }

    /** [any-thread] A value by name, if the builder made it. */
    public Optional<Value> value(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
