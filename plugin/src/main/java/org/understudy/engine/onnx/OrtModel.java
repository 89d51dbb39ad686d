package org.understudy.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.understudy.engine.onnx.proto.Onnx.NodeProto;

/**
 * One {@link OnnxGraph} loaded in ONNX Runtime, its weights supplied as external initializers from the
 * caller's direct buffers (a memory-mapped checkpoint, or fp32 buffers converted from fp16). ORT copies
 * them into its own memory while the session is created; the buffers are still kept reachable for the
 * session's life, as ORT's API asks. Inputs are checked against the graph's declared shapes before each
 * run, and every ORT failure becomes an {@link OrtModelException} naming the model and the node.
 *
 * <p>A session may be run from several threads, but the engine runs each model on its worker.
 */
public final class OrtModel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("understudy.onnx");
    /** How ORT names a node in its messages: "... node. Name:'x/MatMul_3' ..." or "Node (x/MatMul_3) ...". */
    private static final Pattern NODE_IN_MESSAGE = Pattern.compile("Name:'([^']+)'|[Nn]ode \\(([^)]+)\\)");

    private final OnnxGraph graph;
    private final OrtSession session;
    private final List<OnnxTensor> weightTensors;
    private final List<Buffer> weightBuffers;
    private final String provider;
    private final String fallback;

    private OrtModel(OnnxGraph graph, OrtSession session, List<OnnxTensor> weightTensors, List<Buffer> weightBuffers,
            String provider, String fallback) {
        this.graph = graph;
        this.session = session;
        this.weightTensors = weightTensors;
        this.weightBuffers = weightBuffers;
        this.provider = provider;
        this.fallback = fallback;
    }

    /**
     * [engine-worker] Creates the session. {@code weights} maps each of the graph's weight names to a
     * direct buffer of exactly its element count: a FloatBuffer (native order) for FLOAT, Long/Int/Short
     * buffers for INT64/INT32/FLOAT16, or a ByteBuffer of raw little-endian bytes for any type.
     */
    public static OrtModel create(OnnxGraph graph, Map<String, ? extends Buffer> weights, SessionConfig config) {
        final OrtEnvironment env = OnnxRuntime.environment();
        checkWeightNames(graph, weights);
        final Map<String, OnnxTensorLike> initializers = new LinkedHashMap<>();
        final List<OnnxTensor> tensors = new ArrayList<>();
        final List<Buffer> buffers = new ArrayList<>();
        try {
            for (Value w : graph.weights()) {
                final Buffer b = weights.get(w.name());
                final OnnxTensor t = weightTensor(env, graph, w, b);
                tensors.add(t);
                buffers.add(b);
                initializers.put(w.name(), t);
            }
            final byte[] model = graph.toByteArray();
            String fallback = null;
            if (config.cudaDevice() >= 0) {
                try {
                    final OrtSession s = open(env, model, config, initializers, true);
                    return new OrtModel(graph, s, tensors, buffers, "CUDA:" + config.cudaDevice(), null);
                } catch (OrtException e) {
                    fallback = "CUDA device " + config.cudaDevice() + " was asked for but cannot be used, so '" + graph.name()
                            + "' runs on the CPU. ONNX Runtime said: " + firstLine(e.getMessage());
                    LOG.warning(fallback);
                }
            }
            try {
                final OrtSession s = open(env, model, config, initializers, false);
                return new OrtModel(graph, s, tensors, buffers, "CPU", fallback);
            } catch (OrtException e) {
                throw translate(graph, "ONNX Runtime could not create the session", e);
            }
        } catch (RuntimeException | Error e) {
            tensors.forEach(OnnxTensor::close);
            throw e;
        }
    }

    /** [any-thread] The graph this model runs. */
    public OnnxGraph graph() {
        return graph;
    }

    /** [any-thread] "CPU" or "CUDA:<device>". */
    public String provider() {
        return provider;
    }

    /** [any-thread] Why a requested CUDA device is not in use, if one was asked for and failed. */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    /** [engine-worker] Runs the graph; the caller closes the result, which owns the output tensors. */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs) {
        checkInputs(inputs);
        try {
            return session.run(inputs);
        } catch (OrtException e) {
            throw translate(graph, "run failed", e);
        }
    }

    /**
     * [engine-worker] Runs the graph, writing each named output into the caller's tensor (for example a
     * view of a direct buffer that is reused every step). Outputs not named are not computed.
     */
    public void run(Map<String, ? extends OnnxTensorLike> inputs, Map<String, ? extends OnnxValue> outputsInto) {
        checkInputs(inputs);
        for (String name : outputsInto.keySet()) {
            if (graph.outputs().stream().noneMatch(o -> o.name().equals(name))) {
                throw new OrtModelException(graph.name(), null, "no output '" + name + "'; the graph gives " + graph.outputs(), null);
            }
        }
        try (OrtSession.Result ignored = session.run(inputs, Set.of(), outputsInto)) {
            // the outputs are in the caller's tensors; the result owns nothing
        } catch (OrtException e) {
            throw translate(graph, "run failed", e);
        }
    }

    /** [engine-worker] Releases the session, then the tensor wrappers over the caller's weight buffers. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warning("closing model '" + graph.name() + "': " + e.getMessage());
        }
        weightTensors.forEach(OnnxTensor::close);
        weightBuffers.clear();
    }

    private static OrtSession open(OrtEnvironment env, byte[] model, SessionConfig config, Map<String, OnnxTensorLike> initializers,
            boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (config.intraOpThreads() > 0) options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(config.interOpThreads());
            options.setExecutionMode(config.interOpThreads() > 1 ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(config.optimization());
            options.setMemoryPatternOptimization(config.memoryPattern());
            // Flush denormals to zero on ORT's threads: decaying activations must not fall off the fast path.
            options.addConfigEntry("session.set_denormal_as_zero", "1");
            if (cuda) options.addCUDA(config.cudaDevice());
            if (!initializers.isEmpty()) options.addExternalInitializers(initializers);
            return env.createSession(model, options);
        }
    }

    private static void checkWeightNames(OnnxGraph graph, Map<String, ? extends Buffer> weights) {
        final Set<String> missing = new TreeSet<>();
        for (Value w : graph.weights()) if (weights.get(w.name()) == null) missing.add(w.name());
        final Set<String> unknown = new TreeSet<>(weights.keySet());
        for (Value w : graph.weights()) unknown.remove(w.name());
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new OrtModelException(graph.name(), null, (missing.isEmpty() ? "" : "no data for weights " + missing + ". ")
                    + (unknown.isEmpty() ? "" : "Buffers for names the graph does not use: " + unknown + ". ")
                    + "Pass one buffer per weight the graph declares, keyed by its checkpoint name.", null);
        }
    }

    private static OnnxTensor weightTensor(OrtEnvironment env, OnnxGraph graph, Value w, Buffer b) {
        final long[] shape = new long[w.rank()];
        for (int i = 0; i < shape.length; i++) shape[i] = w.shape().size(i);
        final long count = w.shape().elementCount();
        final String what = "weight '" + w.name() + "' " + w.type() + " " + w.shape();
        if (!b.isDirect()) throw new OrtModelException(graph.name(), null, what + ": pass a direct buffer (memory-mapped or allocateDirect)", null);
        final long elements = b instanceof ByteBuffer ? b.remaining() / w.type().bytes() : b.remaining();
        final long bytes = b instanceof ByteBuffer ? b.remaining() : -1;
        if (elements != count || (bytes >= 0 && bytes != count * w.type().bytes())) {
            throw new OrtModelException(graph.name(), null, what + " needs " + count + " elements, the buffer holds "
                    + (bytes >= 0 ? bytes + " bytes" : elements + " elements"), null);
        }
        try {
            if (b instanceof ByteBuffer bb) return OnnxTensor.createTensor(env, bb, shape, w.type().java);
            if (b instanceof FloatBuffer fb && w.type() == DType.FLOAT && fb.order() == ByteOrder.nativeOrder()) {
                return OnnxTensor.createTensor(env, fb, shape);
            }
            if (b instanceof LongBuffer lb && w.type() == DType.INT64) return OnnxTensor.createTensor(env, lb, shape);
            if (b instanceof IntBuffer ib && w.type() == DType.INT32) return OnnxTensor.createTensor(env, ib, shape);
            if (b instanceof ShortBuffer sb && (w.type() == DType.FLOAT16 || w.type() == DType.BFLOAT16)) {
                return OnnxTensor.createTensor(env, sb, shape, w.type().java);
            }
        } catch (OrtException e) {
            throw new OrtModelException(graph.name(), null, what + ": " + e.getMessage(), e);
        }
        throw new OrtModelException(graph.name(), null, what + ": a " + b.getClass().getSimpleName()
                + " does not fit; pass a native-order buffer of the element type, or raw bytes in a ByteBuffer", null);
    }

    private void checkInputs(Map<String, ? extends OnnxTensorLike> inputs) {
        final Map<String, Long> bound = new HashMap<>();
        final Map<String, String> boundBy = new HashMap<>();
        for (Value in : graph.inputs()) {
            final OnnxTensorLike t = inputs.get(in.name());
            if (t == null) throw inputError(in.name(), "is missing; the graph takes " + graph.inputs());
            final TensorInfo info = t.getInfo();
            final long[] shape = info.getShape();
            final String given = "is " + DType.of(info.type) + " " + Shape.fixed(shape) + " but the graph takes " + in;
            if (DType.of(info.type) != in.type() || shape.length != in.rank()) throw inputError(in.name(), given);
            for (int i = 0; i < shape.length; i++) {
                final String d = in.shape().dims().get(i);
                if (Shape.isFixed(d)) {
                    if (Long.parseLong(d) != shape[i]) throw inputError(in.name(), given + " (dim " + i + " must be " + d + ")");
                } else if (!d.equals(Shape.ANY)) {
                    final Long prior = bound.putIfAbsent(d, shape[i]);
                    if (prior == null) boundBy.put(d, in.name());
                    else if (prior != shape[i]) {
                        throw inputError(in.name(), given + ": " + d + " = " + shape[i] + " here but " + prior + " in input '" + boundBy.get(d) + "'");
                    }
                }
            }
        }
        if (inputs.size() != graph.inputs().size()) {
            final Set<String> unknown = new TreeSet<>(inputs.keySet());
            graph.inputs().forEach(v -> unknown.remove(v.name()));
            throw new OrtModelException(graph.name(), null, "unknown inputs " + unknown + "; the graph takes " + graph.inputs(), null);
        }
    }

    private OrtModelException inputError(String input, String problem) {
        return new OrtModelException(graph.name(), null, "input '" + input + "' " + problem, null);
    }

    /** Names the node ORT blames, with its op and inputs, when the message names one of this graph's nodes. */
    static OrtModelException translate(OnnxGraph graph, String what, OrtException e) {
        final String message = e.getMessage() == null ? e.getCode().toString() : e.getMessage();
        final Matcher m = NODE_IN_MESSAGE.matcher(message);
        while (m.find()) {
            final String name = m.group(1) != null ? m.group(1) : m.group(2);
            final Optional<NodeProto> node = graph.node(name);
            if (node.isPresent()) {
                final List<String> ins = new ArrayList<>();
                for (String in : node.get().getInputList()) ins.add(graph.value(in).map(Value::toString).orElse(in));
                return new OrtModelException(graph.name(), name, what + " in node '" + name + "' (" + node.get().getOpType()
                        + " of " + String.join(", ", ins) + "): " + message, e);
            }
        }
        return new OrtModelException(graph.name(), null, what + ": " + message, e);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
