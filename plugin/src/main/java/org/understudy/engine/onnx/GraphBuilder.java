package org.understudy.engine.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.understudy.engine.onnx.proto.Onnx.AttributeProto;
import org.understudy.engine.onnx.proto.Onnx.GraphProto;
import org.understudy.engine.onnx.proto.Onnx.ModelProto;
import org.understudy.engine.onnx.proto.Onnx.NodeProto;
import org.understudy.engine.onnx.proto.Onnx.OperatorSetIdProto;
import org.understudy.engine.onnx.proto.Onnx.TensorProto;
import org.understudy.engine.onnx.proto.Onnx.TensorShapeProto;
import org.understudy.engine.onnx.proto.Onnx.TypeProto;
import org.understudy.engine.onnx.proto.Onnx.ValueInfoProto;

/**
 * Builds one ONNX graph (opset 17) in straight-line Java: declare the inputs and the weights, call one
 * method per op, declare the outputs, {@link #build()}. Each op returns a {@link Value} carrying its
 * element type and, as far as it follows, its symbolic shape; type and fixed-size clashes fail here
 * rather than in ONNX Runtime. Weights are stubs without data ({@code data_location = EXTERNAL}),
 * named by their checkpoint key; {@link OrtModel} supplies their bytes when it creates the session.
 *
 * <p>[any-thread], but not thread-safe: one builder per graph, used by one thread at a time.
 */
public final class GraphBuilder {
    public static final int OPSET = 17;
    public static final int IR_VERSION = 8;
    /** An end bound for {@link #slice} that means "to the end". */
    public static final long END = Long.MAX_VALUE;
    /** ONNX Runtime's contrib-op domain. */
    static final String MICROSOFT = "com.microsoft";

    private final String name;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> stubs = new ArrayList<>();
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<Value> weights = new ArrayList<>();
    private final Map<String, Value> values = new LinkedHashMap<>();
    private final Deque<String> scopes = new ArrayDeque<>();
    private int counter;
    private boolean usesMicrosoftDomain;

    /** Names of nodes and intermediate values start with the current scope, such as "layers.3/". */
    public final class Scope implements AutoCloseable {
        private Scope(String name) {
            scopes.addLast(name);
        }

        @Override
        public void close() {
            scopes.removeLast();
        }
    }

    public GraphBuilder(String name) {
        this.name = name;
    }

    // ---- declarations -------------------------------------------------------------------------

    /** A graph input, declared once: {@code input("x", FLOAT, "B", "T", 512)}. */
    public Value input(String name, DType type, Object... dims) {
        final Value v = register(new Value(name, type, Shape.of(dims)));
        inputs.add(v);
        return v;
    }

    /** A weight named by its checkpoint key, without data: {@code weight("model.ar_text_embedding.word_embeddings.weight", FLOAT, 732, 512)}. */
    public Value weight(String key, DType type, long... dims) {
        final Value v = register(new Value(key, type, Shape.fixed(dims)));
        final TensorProto.Builder stub = TensorProto.newBuilder().setName(key).setDataType(type.onnx.getNumber())
                .setDataLocation(TensorProto.DataLocation.EXTERNAL);
        for (long d : dims) stub.addDims(d);
        stubs.add(stub.build());
        weights.add(v);
        return v;
    }

    /** Declares {@code v} as the graph output {@code name} with its documented shape; checks rank and fixed sizes. */
    public Value output(String name, Value v, Object... dims) {
        own(v);
        final Shape declared = Shape.of(dims);
        if (v.shape().knownRank()) {
            if (v.rank() != declared.rank()) {
                throw new IllegalArgumentException("output " + name + " declared " + declared + " but " + v.name() + " is " + v.shape());
            }
            for (int i = 0; i < declared.rank(); i++) {
                final long a = declared.size(i), b = v.shape().size(i);
                if (a >= 0 && b >= 0 && a != b) {
                    throw new IllegalArgumentException("output " + name + " declared " + declared + " but " + v.name() + " is " + v.shape());
                }
            }
        }
        final Value out;
        if (v.name().equals(name)) {
            out = new Value(name, v.type(), declared);
            values.put(name, out);
        } else {
            if (values.containsKey(name)) throw new IllegalArgumentException("name already used: " + name);
            nodes.add(NodeProto.newBuilder().setName(name).setOpType("Identity").addInput(v.name()).addOutput(name).build());
            out = register(new Value(name, v.type(), declared));
        }
        outputs.add(out);
        return out;
    }

    /** [any-thread] Prefixes node and value names until closed: {@code try (var s = g.scope("layers.0")) {...}}. */
    public Scope scope(String name) {
        return new Scope(name);
    }

    /** The finished model: weights stay stubs. */
    public OnnxGraph build() {
        if (outputs.isEmpty()) throw new IllegalStateException("graph " + name + " declares no outputs");
        final GraphProto.Builder g = GraphProto.newBuilder().setName(name).addAllNode(nodes).addAllInitializer(stubs);
        for (Value v : inputs) g.addInput(valueInfo(v));
        for (Value v : outputs) g.addOutput(valueInfo(v));
        final ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("understudy")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        if (usesMicrosoftDomain) model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MICROSOFT).setVersion(1));
        return new OnnxGraph(name, model.setGraph(g).build(), inputs, outputs, weights, values);
    }

    // ---- constants ----------------------------------------------------------------------------

    /** A FLOAT scalar []. */
    public Value constant(float v) {
        return constant(TensorProto.newBuilder().setDataType(DType.FLOAT.onnx.getNumber()).addFloatData(v), DType.FLOAT, Shape.fixed());
    }

    /** An INT64 scalar []. */
    public Value constant(long v) {
        return constant(TensorProto.newBuilder().setDataType(DType.INT64.onnx.getNumber()).addInt64Data(v), DType.INT64, Shape.fixed());
    }

    /** A 1-D INT64 tensor [n], for shapes, axes and indices. */
    public Value constantInts(long... v) {
        final TensorProto.Builder t = TensorProto.newBuilder().setDataType(DType.INT64.onnx.getNumber()).addDims(v.length);
        for (long x : v) t.addInt64Data(x);
        return constant(t, DType.INT64, Shape.fixed(v.length));
    }

    /** A small FLOAT tensor of the given shape, row-major. */
    public Value constant(float[] data, long... dims) {
        final Shape shape = Shape.fixed(dims);
        if (shape.elementCount() != data.length) throw new IllegalArgumentException(data.length + " floats for shape " + shape);
        final TensorProto.Builder t = TensorProto.newBuilder().setDataType(DType.FLOAT.onnx.getNumber());
        for (long d : dims) t.addDims(d);
        for (float x : data) t.addFloatData(x);
        return constant(t, DType.FLOAT, shape);
    }

    private Value constant(TensorProto.Builder t, DType type, Shape shape) {
        return op("Constant", type, shape, List.of(attr("value", t.build())));
    }

    // ---- linear algebra -----------------------------------------------------------------------

    /** numpy matmul: [.., N, K] · [.., K, M] → [.., N, M]. */
    public Value matMul(Value a, Value b) {
        sameType("MatMul", a, b);
        return op("MatMul", a.type(), ShapeRules.matMul(a.shape(), b.shape()), List.of(), a, b);
    }

    /** alpha · A' · B' + beta · C, with A' = transA ? Aᵀ : A: [M, K] · [K, N] (+ [N]) → [M, N]. {@code c} may be null. */
    public Value gemm(Value a, Value b, Value c, float alpha, float beta, boolean transA, boolean transB) {
        sameType("Gemm", a, b);
        final Shape sa = a.shape(), sb = b.shape();
        final Shape out = sa.knownRank() && sb.knownRank()
                ? new Shape(List.of(sa.dim(transA ? 1 : 0), sb.dim(transB ? 0 : 1))) : Shape.UNKNOWN;
        final List<AttributeProto> attrs = List.of(attr("alpha", alpha), attr("beta", beta),
                attr("transA", transA ? 1 : 0), attr("transB", transB ? 1 : 0));
        return c == null ? op("Gemm", a.type(), out, attrs, a, b) : op("Gemm", a.type(), out, attrs, a, b, c);
    }

    /**
     * ORT's contrib FusedMatMul (com.microsoft, CPU and CUDA): alpha · A' · B'. transBatch moves an operand's
     * first dim behind its batch dims, so a KV cache stored [T, H, hd] is read as [H, T, hd] in place,
     * with no Transpose copy: q [H, 1, hd] · K [T, H, hd] (transB, transBatchB) → [H, 1, T].
     */
    public Value fusedMatMul(Value a, Value b, float alpha, boolean transA, boolean transB, boolean transBatchA, boolean transBatchB) {
        sameType("FusedMatMul", a, b);
        usesMicrosoftDomain = true;
        final Shape sa = ShapeRules.fusedOperand(a.shape(), transBatchA, transA), sb = ShapeRules.fusedOperand(b.shape(), transBatchB, transB);
        final NodeProto.Builder n = node("FusedMatMul", a, b).setDomain(MICROSOFT).addAttribute(attr("alpha", alpha))
                .addAttribute(attr("transA", transA ? 1 : 0)).addAttribute(attr("transB", transB ? 1 : 0))
                .addAttribute(attr("transBatchA", transBatchA ? 1 : 0)).addAttribute(attr("transBatchB", transBatchB ? 1 : 0));
        final Value out = output(n, 0, a.type(), ShapeRules.matMul(sa, sb));
        nodes.add(n.build());
        return out;
    }

    // ---- elementwise, binary (numpy broadcasting) ---------------------------------------------

    /** a + b, broadcast. */
    public Value add(Value a, Value b) {
        return binary("Add", a, b);
    }

    /** a − b, broadcast. */
    public Value sub(Value a, Value b) {
        return binary("Sub", a, b);
    }

    /** a · b, broadcast. */
    public Value mul(Value a, Value b) {
        return binary("Mul", a, b);
    }

    /** a / b, broadcast (integer division for integer types). */
    public Value div(Value a, Value b) {
        return binary("Div", a, b);
    }

    /** a ^ b, broadcast; the exponent may have another numeric type. */
    public Value pow(Value a, Value b) {
        own(a);
        own(b);
        return op("Pow", a.type(), ShapeRules.broadcast("Pow", a.shape(), b.shape()), List.of(), a, b);
    }

    /** a == b → BOOL, broadcast. */
    public Value equal(Value a, Value b) {
        sameType("Equal", a, b);
        return op("Equal", DType.BOOL, ShapeRules.broadcast("Equal", a.shape(), b.shape()), List.of(), a, b);
    }

    /** a < b → BOOL, broadcast. */
    public Value less(Value a, Value b) {
        sameType("Less", a, b);
        return op("Less", DType.BOOL, ShapeRules.broadcast("Less", a.shape(), b.shape()), List.of(), a, b);
    }

    /** cond ? x : y, all three broadcast. */
    public Value where(Value cond, Value x, Value y) {
        if (cond.type() != DType.BOOL) throw new IllegalArgumentException("Where: condition " + cond + " is not BOOL");
        sameType("Where", x, y);
        final Shape s = ShapeRules.broadcast("Where", cond.shape(), ShapeRules.broadcast("Where", x.shape(), y.shape()));
        return op("Where", x.type(), s, List.of(), cond, x, y);
    }

    // ---- elementwise, unary (shape kept) ------------------------------------------------------

    public Value sqrt(Value x) {
        return unary("Sqrt", x);
    }

    public Value reciprocal(Value x) {
        return unary("Reciprocal", x);
    }

    public Value neg(Value x) {
        return unary("Neg", x);
    }

    public Value exp(Value x) {
        return unary("Exp", x);
    }

    public Value log(Value x) {
        return unary("Log", x);
    }

    public Value tanh(Value x) {
        return unary("Tanh", x);
    }

    public Value sigmoid(Value x) {
        return unary("Sigmoid", x);
    }

    public Value relu(Value x) {
        return unary("Relu", x);
    }

    public Value erf(Value x) {
        return unary("Erf", x);
    }

    public Value identity(Value x) {
        return unary("Identity", x);
    }

    /** x ≥ 0 ? x : alpha · x. */
    public Value leakyRelu(Value x, float alpha) {
        own(x);
        return op("LeakyRelu", x.type(), x.shape(), List.of(attr("alpha", alpha)), x);
    }

    /** Exact GELU, {@code F.gelu(x)}: 0.5 · x · (1 + erf(x / √2)). Opset 17 has no Gelu op. */
    public Value gelu(Value x) {
        final Value inner = erf(mul(x, constant((float) (1 / Math.sqrt(2)))));
        return mul(mul(x, constant(0.5f)), add(inner, constant(1f)));
    }

    /** min ≤ x ≤ max. */
    public Value clip(Value x, float min, float max) {
        own(x);
        return op("Clip", x.type(), x.shape(), List.of(), x, constant(min), constant(max));
    }

    /** Element type conversion, shape kept. */
    public Value cast(Value x, DType to) {
        own(x);
        return op("Cast", to, x.shape(), List.of(attr("to", to.onnx.getNumber())), x);
    }

    // ---- normalisation and reductions ---------------------------------------------------------

    /** softmax over {@code axis}, shape kept. */
    public Value softmax(Value x, int axis) {
        own(x);
        return op("Softmax", x.type(), x.shape(), List.of(attr("axis", axis)), x);
    }

    /** {@code F.layer_norm} over the last dim: [.., D] with scale [D] and bias [D] (bias may be null). */
    public Value layerNorm(Value x, Value scale, Value bias, float epsilon) {
        sameType("LayerNormalization", x, scale);
        final List<AttributeProto> attrs = List.of(attr("axis", -1), attr("epsilon", epsilon));
        return bias == null ? op("LayerNormalization", x.type(), x.shape(), attrs, x, scale)
                : op("LayerNormalization", x.type(), x.shape(), attrs, x, scale, bias);
    }

    /** Mean over {@code axes}: [B, T, D] over {-1}, keepDims → [B, T, 1]. */
    public Value reduceMean(Value x, boolean keepDims, long... axes) {
        own(x);
        return op("ReduceMean", x.type(), ShapeRules.reduce(x.shape(), axes, keepDims),
                List.of(ints("axes", axes), attr("keepdims", keepDims ? 1 : 0)), x);
    }

    /** Max over {@code axes}. */
    public Value reduceMax(Value x, boolean keepDims, long... axes) {
        own(x);
        return op("ReduceMax", x.type(), ShapeRules.reduce(x.shape(), axes, keepDims),
                List.of(ints("axes", axes), attr("keepdims", keepDims ? 1 : 0)), x);
    }

    /** Sum over {@code axes} (an input since opset 13). */
    public Value reduceSum(Value x, boolean keepDims, long... axes) {
        own(x);
        return op("ReduceSum", x.type(), ShapeRules.reduce(x.shape(), axes, keepDims),
                List.of(attr("keepdims", keepDims ? 1 : 0)), x, constantInts(axes));
    }

    /** Cumulative sum along {@code axis}, shape kept. */
    public Value cumSum(Value x, int axis, boolean exclusive, boolean reverse) {
        own(x);
        return op("CumSum", x.type(), x.shape(), List.of(attr("exclusive", exclusive ? 1 : 0), attr("reverse", reverse ? 1 : 0)),
                x, constant((long) axis));
    }

    /** The k largest (or smallest) along {@code axis}: {values, INT64 indices}, that axis becoming k. */
    public Value[] topK(Value x, long k, int axis, boolean largest) {
        own(x);
        final Shape s = x.shape().knownRank()
                ? ShapeRules.withDim(x.shape(), ShapeRules.axis("TopK", axis, x.rank()), Long.toString(k)) : Shape.UNKNOWN;
        final NodeProto.Builder n = node("TopK", x, constantInts(k));
        n.addAttribute(attr("axis", axis)).addAttribute(attr("largest", largest ? 1 : 0)).addAttribute(attr("sorted", 1));
        final Value values = output(n, 0, x.type(), s);
        final Value indices = output(n, 1, DType.INT64, s);
        nodes.add(n.build());
        return new Value[] {values, indices};
    }

    /** Upper (or lower) triangle of the last two dims, diagonal offset k; the rest zeroed. */
    public Value trilu(Value x, long k, boolean upper) {
        own(x);
        return op("Trilu", x.type(), x.shape(), List.of(attr("upper", upper ? 1 : 0)), x, constant(k));
    }

    // ---- shape plumbing -----------------------------------------------------------------------

    /** Reshape to constant dims; 0 copies the input dim, -1 is inferred: [B, T, 512] → [0, 0, 16, 32]. */
    public Value reshape(Value x, long... dims) {
        own(x);
        return op("Reshape", x.type(), ShapeRules.reshape(x.shape(), dims), List.of(), x, constantInts(dims));
    }

    /** Reshape to a shape computed in the graph (1-D INT64). */
    public Value reshape(Value x, Value shape) {
        own(x);
        return op("Reshape", x.type(), ShapeRules.fromShapeTensor(shape.shape()), List.of(), x, shape);
    }

    /** Permute dims: [B, T, H, D] with perm {0, 2, 1, 3} → [B, H, T, D]. */
    public Value transpose(Value x, int... perm) {
        own(x);
        return op("Transpose", x.type(), ShapeRules.transpose(x.shape(), perm), List.of(ints("perm", toLongs(perm))), x);
    }

    /** Insert size-1 dims at {@code axes} (of the output). */
    public Value unsqueeze(Value x, long... axes) {
        own(x);
        return op("Unsqueeze", x.type(), ShapeRules.unsqueeze(x.shape(), axes), List.of(), x, constantInts(axes));
    }

    /** Remove size-1 dims at {@code axes}. */
    public Value squeeze(Value x, long... axes) {
        own(x);
        return op("Squeeze", x.type(), ShapeRules.squeeze(x.shape(), axes), List.of(), x, constantInts(axes));
    }

    /** Join along {@code axis}: [B, T, D] ++ [B, 1, D] on 1 → [B, T+1, D]. */
    public Value concat(int axis, Value... parts) {
        for (int i = 1; i < parts.length; i++) sameType("Concat", parts[0], parts[i]);
        final List<Shape> shapes = new ArrayList<>();
        for (Value p : parts) shapes.add(p.shape());
        return op("Concat", parts[0].type(), ShapeRules.concat(shapes, axis), List.of(attr("axis", axis)), parts);
    }

    /** x[starts:ends] on {@code axes}, step 1; {@link #END} means to the end; negative bounds count from the end. */
    public Value slice(Value x, long[] starts, long[] ends, long[] axes) {
        final long[] steps = new long[axes.length];
        Arrays.fill(steps, 1);
        return slice(x, starts, ends, axes, steps);
    }

    /** x[starts:ends:steps] on {@code axes}. */
    public Value slice(Value x, long[] starts, long[] ends, long[] axes, long[] steps) {
        own(x);
        if (starts.length != axes.length || ends.length != axes.length || steps.length != axes.length) {
            throw new IllegalArgumentException("Slice: starts, ends, axes and steps differ in length");
        }
        return op("Slice", x.type(), ShapeRules.slice(x.shape(), starts, ends, axes, steps), List.of(),
                x, constantInts(starts), constantInts(ends), constantInts(axes), constantInts(steps));
    }

    /** x[starts:ends] with bounds computed in the graph (1-D INT64, one per axis). */
    public Value slice(Value x, Value starts, Value ends, long... axes) {
        own(x);
        Shape s = x.shape();
        for (long a : axes) s = s.knownRank() ? ShapeRules.withDim(s, ShapeRules.axis("Slice", a, s.rank()), Shape.ANY) : s;
        return op("Slice", x.type(), s, List.of(), x, starts, ends, constantInts(axes));
    }

    /** Rows of {@code data} picked by INT64 {@code indices} along {@code axis}: [V, D] by [B, T] on 0 → [B, T, D]. */
    public Value gather(Value data, Value indices, int axis) {
        own(data);
        own(indices);
        if (indices.type() != DType.INT64 && indices.type() != DType.INT32) {
            throw new IllegalArgumentException("Gather: indices " + indices + " must be INT64 or INT32");
        }
        return op("Gather", data.type(), ShapeRules.gather(data.shape(), indices.shape(), axis), List.of(attr("axis", axis)), data, indices);
    }

    /** Split along {@code axis} into pieces of the given sizes: [B, T, 1536] into 512 ×3 on -1. */
    public Value[] split(Value x, int axis, long... sizes) {
        own(x);
        final NodeProto.Builder n = node("Split", x, constantInts(sizes)).addAttribute(attr("axis", axis));
        final Value[] parts = new Value[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            final Shape s = x.shape().knownRank()
                    ? ShapeRules.withDim(x.shape(), ShapeRules.axis("Split", axis, x.rank()), Long.toString(sizes[i])) : Shape.UNKNOWN;
            parts[i] = output(n, i, x.type(), s);
        }
        nodes.add(n.build());
        return parts;
    }

    /** The runtime shape of x as a 1-D INT64 tensor [rank]. */
    public Value shape(Value x) {
        own(x);
        final Shape s = x.shape().knownRank() ? Shape.fixed(x.rank()) : Shape.of(Shape.ANY);
        return op("Shape", DType.INT64, s, List.of(), x);
    }

    /** Dims [start, end) of x's runtime shape, as 1-D INT64. */
    public Value shape(Value x, int start, int end) {
        own(x);
        final Shape s = x.shape().knownRank() ? Shape.fixed(Math.max(0, norm(end, x.rank()) - norm(start, x.rank()))) : Shape.of(Shape.ANY);
        return op("Shape", DType.INT64, s, List.of(attr("start", start), attr("end", end)), x);
    }

    /** Broadcast x to a shape computed in the graph (1-D INT64). */
    public Value expand(Value x, Value shape) {
        own(x);
        return op("Expand", x.type(), ShapeRules.fromShapeTensor(shape.shape()), List.of(), x, shape);
    }

    /** A tensor of the given runtime shape (1-D INT64) filled with {@code value}. */
    public Value constantOfShape(Value shape, DType type, double value) {
        own(shape);
        final TensorProto.Builder t = TensorProto.newBuilder().setDataType(type.onnx.getNumber()).addDims(1);
        switch (type) {
            case FLOAT -> t.addFloatData((float) value);
            case INT64 -> t.addInt64Data((long) value);
            case BOOL, INT32 -> t.addInt32Data((int) value);
            default -> throw new IllegalArgumentException("ConstantOfShape of " + type + " is not supported here");
        }
        return op("ConstantOfShape", type, ShapeRules.fromShapeTensor(shape.shape()), List.of(attr("value", t.build())), shape);
    }

    /** [start, limit) by delta, from scalars of one type: → [?]. */
    public Value range(Value start, Value limit, Value delta) {
        sameType("Range", start, limit);
        sameType("Range", start, delta);
        return op("Range", start.type(), Shape.of(Shape.ANY), List.of(), start, limit, delta);
    }

    /** Constant padding: pads = {begin of each axis…, end of each axis…}. */
    public Value pad(Value x, long[] pads, float value) {
        own(x);
        return op("Pad", x.type(), ShapeRules.pad(x.shape(), pads), List.of(attr("mode", "constant")),
                x, constantInts(pads), constant(value));
    }

    /** Reflect padding (torch's {@code mode="reflect"}): pads as in {@link #pad(Value, long[], float)}. */
    public Value padReflect(Value x, long[] pads) {
        own(x);
        return op("Pad", x.type(), ShapeRules.pad(x.shape(), pads), List.of(attr("mode", "reflect")), x, constantInts(pads));
    }

    // ---- convolutions (1-D, NCL layout) -------------------------------------------------------

    /**
     * {@code nn.Conv1d}: x [N, C_in, L], weight [C_out, C_in/groups, K], bias [C_out] or null →
     * [N, C_out, L'] with L' = (L + 2·padding − dilation·(K−1) − 1) / stride + 1.
     */
    public Value conv1d(Value x, Value w, Value bias, int stride, int padding, int dilation, int groups) {
        sameType("Conv", x, w);
        final long k = w.shape().size(2), cOut = w.shape().size(0);
        final Shape s = x.shape().knownRank() ? Shape.of(x.shape().dim(0), Long.toString(cOut),
                ShapeRules.convLength(x.shape().dim(2), k, stride, padding, padding, dilation, false, 0)) : Shape.UNKNOWN;
        final List<AttributeProto> attrs = List.of(ints("strides", stride), ints("pads", padding, padding),
                ints("dilations", dilation), attr("group", groups), ints("kernel_shape", k));
        return bias == null ? op("Conv", x.type(), s, attrs, x, w) : op("Conv", x.type(), s, attrs, x, w, bias);
    }

    /**
     * {@code nn.ConvTranspose1d}: x [N, C_in, L], weight [C_in, C_out/groups, K], bias [C_out] or null →
     * [N, C_out, L'] with L' = (L − 1)·stride − 2·padding + dilation·(K−1) + 1.
     */
    public Value convTranspose1d(Value x, Value w, Value bias, int stride, int padding, int dilation, int groups) {
        sameType("ConvTranspose", x, w);
        final long k = w.shape().size(2), cOut = w.shape().size(1) * groups;
        final Shape s = x.shape().knownRank() ? Shape.of(x.shape().dim(0), Long.toString(cOut),
                ShapeRules.convLength(x.shape().dim(2), k, stride, padding, padding, dilation, true, 0)) : Shape.UNKNOWN;
        final List<AttributeProto> attrs = List.of(ints("strides", stride), ints("pads", padding, padding),
                ints("dilations", dilation), attr("group", groups), ints("kernel_shape", k));
        return bias == null ? op("ConvTranspose", x.type(), s, attrs, x, w) : op("ConvTranspose", x.type(), s, attrs, x, w, bias);
    }

    // ---- internals ----------------------------------------------------------------------------

    private Value binary(String op, Value a, Value b) {
        sameType(op, a, b);
        return op(op, a.type(), ShapeRules.broadcast(op, a.shape(), b.shape()), List.of(), a, b);
    }

    private Value unary(String op, Value x) {
        own(x);
        return op(op, x.type(), x.shape(), List.of(), x);
    }

    /** One node with one output. */
    private Value op(String op, DType type, Shape shape, List<AttributeProto> attrs, Value... in) {
        final NodeProto.Builder n = node(op, in).addAllAttribute(attrs);
        final Value out = output(n, 0, type, shape);
        nodes.add(n.build());
        return out;
    }

    private NodeProto.Builder node(String op, Value... in) {
        final StringBuilder name = new StringBuilder();
        for (String s : scopes) name.append(s).append('/');
        name.append(op).append('_').append(++counter);
        final NodeProto.Builder n = NodeProto.newBuilder().setName(name.toString()).setOpType(op);
        for (Value v : in) n.addInput(own(v).name());
        return n;
    }

    private Value output(NodeProto.Builder n, int index, DType type, Shape shape) {
        final String name = index == 0 ? n.getName() : n.getName() + ":" + index;
        n.addOutput(name);
        return register(new Value(name, type, shape));
    }

    private Value register(Value v) {
        if (values.putIfAbsent(v.name(), v) != null) throw new IllegalArgumentException("name already used in graph " + name + ": " + v.name());
        return v;
    }

    private Value own(Value v) {
        if (values.get(v.name()) != v) throw new IllegalArgumentException(v + " does not belong to graph " + name);
        return v;
    }

    private void sameType(String op, Value a, Value b) {
        own(a);
        own(b);
        if (a.type() != b.type()) throw new IllegalArgumentException(op + ": element types differ: " + a + " and " + b);
    }

    private static int norm(int axis, int rank) {
        return Math.max(0, Math.min(rank, axis < 0 ? axis + rank : axis));
    }

    private static long[] toLongs(int[] v) {
        final long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static ValueInfoProto valueInfo(Value v) {
        final TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String d : v.shape().dims()) {
            final TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (Shape.isFixed(d)) dim.setDimValue(Long.parseLong(d));
            else if (!d.equals(Shape.ANY)) dim.setDimParam(d);
            shape.addDim(dim);
        }
        final TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(v.type().onnx.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(v.name()).setType(type).build();
    }

    private static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto ints(String name, long... v) {
        final AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    private static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }

    private static AttributeProto attr(String name, TensorProto v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(v).build();
    }
}
