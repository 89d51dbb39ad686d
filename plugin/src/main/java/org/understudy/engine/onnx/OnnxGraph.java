package org.understudy.engine.onnx;

import java.nio.Buffer;
import java.util.LinkedHashMap;
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

    /** [any-thread] This graph's weights picked out of a larger map (every tensor of a checkpoint, say). */
    public Map<String, Buffer> pickWeights(Map<String, ? extends Buffer> all) {
        final Map<String, Buffer> used = new LinkedHashMap<>();
        for (Value w : weights) {
            final Buffer b = all.get(w.name());
            if (b == null) throw new IllegalArgumentException("model '" + name + "' needs the weight '" + w.name() + "', which the file does not have");
            used.put(w.name(), b);
        }
        return used;
    }

    /** [any-thread] Each weight's fixed shape, by name (to build a model from scratch, as benchmarks do). */
    public Map<String, long[]> weightShapes() {
        final Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Value w : weights) shapes.put(w.name(), w.dims());
        return shapes;
    }

    /** [any-thread] A value by name, if the builder made it. */
    public Optional<Value> value(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
