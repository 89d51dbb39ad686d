package org.understudy.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array for parity checks (tests and {@code parity} commands): format 1.0,
 * little-endian, C order, dtypes {@code float32}, {@code int64}, {@code int32} and {@code uint8}, as
 * the GPT-SoVITS fixtures use. {@link #write} writes float32 and int64.
 *
 * <pre>{@code
 * Npy logits = Npy.read(dir.resolve("step_logits.npy"));   // shape [31, 1025]
 * float[] row0 = Arrays.copyOfRange(logits.toFloatArray(), 0, 1025);
 * }</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private final String dtype;
    private final long[] shape;
    private final ByteBuffer data;

    private Npy(String dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** Reads a whole file; throws with the file name on anything outside the subset above. */
    public static Npy read(Path file) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) throw new IOException(file + ": not a .npy file");
        if (bytes[6] != 1) throw new IOException(file + ": .npy format " + bytes[6] + "." + bytes[7] + ", only 1.0 is read");
        final int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        final String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        final String descr = group(DESCR, "descr", header, file);
        if (!"False".equals(group(FORTRAN, "fortran_order", header, file))) throw new IOException(file + ": Fortran order is not read");
        final String dtype = switch (descr) {
            case "<f4" -> "float32";
            case "<i8" -> "int64";
            case "<i4" -> "int32";
            case "|u1", "<u1" -> "uint8";
            default -> throw new IOException(file + ": dtype " + descr + " is not read");
        };
        final long[] shape = Arrays.stream(group(SHAPE, "shape", header, file).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        final ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        final Npy npy = new Npy(dtype, shape, data);
        if (data.remaining() != npy.elementCount() * npy.elementSize()) throw new IOException(file + ": data size does not match the shape");
        return npy;
    }

    /** {@code float32}, {@code int64}, {@code int32} or {@code uint8}. */
    public String dtype() {
        return dtype;
    }

    /** A copy of the shape; empty for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** The product of the shape. */
    public int elementCount() {
        return (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** The values of a {@code float32} array, row-major. */
    public float[] toFloatArray() {
        require("float32");
        final float[] values = new float[elementCount()];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** The values of an {@code int64} or {@code int32} array, row-major. */
    public long[] toLongArray() {
        if (dtype.equals("int32")) {
            final long[] values = new long[elementCount()];
            for (int i = 0; i < values.length; i++) values[i] = data.getInt(i * 4);
            return values;
        }
        require("int64");
        final long[] values = new long[elementCount()];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        return values;
    }

    /** The values of a {@code uint8} array (the fixtures' masks, 1 = blocked), row-major, as 0..255. */
    public int[] toUnsignedByteArray() {
        require("uint8");
        final int[] values = new int[elementCount()];
        for (int i = 0; i < values.length; i++) values[i] = data.get(i) & 0xff;
        return values;
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }

    private int elementSize() {
        return switch (dtype) {
            case "float32", "int32" -> 4;
            case "int64" -> 8;
            default -> 1;
        };
    }

    private void require(String expected) {
        if (!dtype.equals(expected)) throw new IllegalStateException("the array is " + dtype + ", not " + expected);
    }

    private static String group(Pattern pattern, String field, String header, Path file) throws IOException {
        final Matcher m = pattern.matcher(header);
        if (!m.find()) throw new IOException(file + ": the .npy header has no " + field);
        return m.group(1);
    }

    /** [any-thread] Writes a float32 array of {@code shape}. */
    public static void write(Path file, float[] values, long... shape) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        write(file, "<f4", shape, b.array(), values.length);
    }

    /** [any-thread] Writes an int64 array of {@code shape}. */
    public static void write(Path file, long[] values, long... shape) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        write(file, "<i8", shape, b.array(), values.length);
    }

    private static void write(Path file, String descr, long[] shape, byte[] data, int count) throws IOException {
        if (Arrays.stream(shape).reduce(1, (a, c) -> a * c) != count) {
            throw new IllegalArgumentException(file + ": shape " + Arrays.toString(shape) + " does not hold " + count + " values");
        }
        final String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(", "))
                + (shape.length == 1 ? "," : "");                   // numpy writes (30,) for one dimension
        final StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((MAGIC.length + 4 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        final byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h).put(data);
        Files.write(file, out.array());
    }
}
