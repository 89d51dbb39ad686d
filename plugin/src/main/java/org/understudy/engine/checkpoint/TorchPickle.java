package org.understudy.engine.checkpoint;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ByteArrayConstructor;

/**
 * Unpickles the {@code data.pkl} of a torch zip checkpoint with Pyrolite, into ordered maps, lists,
 * strings, numbers and {@link TensorRef}s that still point into their storage records.
 *
 * <p>Classes are resolved here, per instance, from a fixed list; Pyrolite's static constructor
 * registry is never touched, and any other class is refused with its name. Dict opcodes are
 * overridden to keep insertion order (Pyrolite builds {@code HashMap}s), and BUILD is handled here
 * so that an OrderedDict's {@code _metadata} and the fields of GPT-SoVITS's {@code utils.HParams}
 * need no reflective {@code __setstate__} lookup (Pyrolite's fails on ordered state maps).
 */
final class TorchPickle extends Unpickler {
    /** A {@code torch.<Name>Storage} class; {@code dtype} is null for one we do not read. */
    record StorageClass(String name, DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("torch." + name + " is constructed directly, not through a persistent id");
        }
    }

    /** One {@code data/<key>} record, as the persistent id names it. */
    record StorageRef(DType dtype, String key, long elementCount) {}

    /** The arguments of {@code torch._utils._rebuild_tensor_v2}, in elements. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] strides) {}

    /** A class this reader does not construct; kept by name so that errors can say which. */
    record UnknownGlobal(String module, String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("it uses the Python class " + this + ", which Understudy does not read");
        }

        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** {@code collections.OrderedDict}, which may receive BUILD state (see {@link #build}). */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** A plain Python object rebuilt from its {@code __dict__}, such as {@code utils.HParams}. */
    static final class PythonObject extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        final String className;

        PythonObject(String className) {
            this.className = className;
        }
    }

    /** [any-thread] Unpickles one {@code data.pkl}; a new instance per file. */
    static Object read(byte[] pickle) throws IOException {
        final TorchPickle unpickler = new TorchPickle();
        try {
            return unpickler.loads(pickle);
        } finally {
            unpickler.close();
        }
    }

    private TorchPickle() {}

    @Override
    protected Object dispatch(short opcode) throws IOException {
        switch (opcode) {
            case Opcodes.GLOBAL -> {
                final String module = PickleUtils.readline(input);
                final String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                final String name = (String) stack.pop();
                final String module = (String) stack.pop();
                stack.add(resolve(module, name));
            }
            case Opcodes.INST -> {
                final String module = PickleUtils.readline(input);
                final String name = PickleUtils.readline(input);
                final List<Object> args = stack.pop_all_since_marker();
                stack.add(resolve(module, name).construct(args.toArray()));
            }
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                final Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, stack.pop_all_since_marker());
                stack.add(dict);
            }
            case Opcodes.SETITEMS -> {
                final List<Object> pairs = stack.pop_all_since_marker();
                putPairs(asMap(stack.peek()), pairs);
            }
            case Opcodes.BUILD -> build(stack.pop(), stack.peek());
            default -> {
                return super.dispatch(opcode);
            }
        }
        return NO_RETURN_VALUE;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        // ('storage', storage class, key, location, element count)
        if (!(pid instanceof Object[] id) || id.length != 5 || !"storage".equals(id[0])) {
            throw new PickleException("it refers to external data of an unknown kind");
        }
        if (!(id[1] instanceof StorageClass type)) throw new PickleException("it stores tensors in " + id[1] + ", which is not a torch storage class");
        if (type.dtype() == null) {
            throw new PickleException("it holds tensors of type torch." + type.name() + ", which Understudy does not read"
                    + " (it reads float64, float32, float16, bfloat16, int64, int32, int16, int8, uint8 and bool)");
        }
        return new StorageRef(type.dtype(), String.valueOf(id[2]), ((Number) id[4]).longValue());
    }

    private static IObjectConstructor resolve(String module, String name) {
        switch (module + "." + name) {
            case "collections.OrderedDict":
                return args -> {
                    final OrderedDict dict = new OrderedDict();
                    if (args.length > 0 && args[0] instanceof List<?> items) { // OrderedDict([[key, value], ...])
                        for (Object item : items) dict.put(element(item, 0), element(item, 1));
                    }
                    return dict;
                };
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return args -> new TensorRef((StorageRef) args[0], ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return args -> args[0]; // nn.Parameter(data, requires_grad, hooks): the data is all we need
            case "_codecs.encode":
                return new ByteArrayConstructor(); // how protocol 2 pickles Python bytes
            default:
                break;
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            return new StorageClass(name, DType.ofTorchStorage(name));
        }
        if (name.equals("HParams")) return args -> new PythonObject(module + "." + name);
        return new UnknownGlobal(module, name);
    }

    private static void build(Object state, Object target) {
        if (target instanceof OrderedDict) return; // a state dict's _metadata (module versions): loading weights does not need it
        if (!(target instanceof PythonObject object)) {
            throw new PickleException("it restores the state of a " + (target == null ? "None" : target.getClass().getSimpleName())
                    + " object, which Understudy does not read");
        }
        // state is __dict__, or (__dict__, slots) for classes with __slots__
        final Object[] parts = state instanceof Object[] pair ? pair : new Object[] {state};
        for (Object part : parts) if (part != null) object.putAll(asMap(part));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> map) return (Map<Object, Object>) map;
        throw new PickleException("it sets dictionary items on a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> pairs) {
        for (int i = 0; i + 1 < pairs.size(); i += 2) dict.put(pairs.get(i), pairs.get(i + 1));
    }

    private static Object element(Object sequence, int index) {
        if (sequence instanceof Object[] tuple) return tuple[index];
        if (sequence instanceof List<?> list) return list.get(index);
        throw new PickleException("it holds an OrderedDict item that is not a pair");
    }

    private static long[] longs(Object tuple) {
        final Object[] items = (Object[]) tuple;
        final long[] values = new long[items.length];
        for (int i = 0; i < items.length; i++) values[i] = ((Number) items[i]).longValue();
        return values;
    }
}
