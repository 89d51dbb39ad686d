package org.understudy.engine.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * A tensor shape as the graphs document it: each dim is a fixed size ("512"), a symbol shared across
 * the graph ("B", "T") or "?" when the builder cannot tell. {@link #UNKNOWN} means even the rank is
 * unknown. Printed as {@code [B, T, 512]}. Immutable: [any-thread].
 */
public record Shape(List<String> dims) {
    public static final String ANY = "?";
    public static final Shape UNKNOWN = new Shape(null);

    public Shape {
        if (dims != null) {
            dims = List.copyOf(dims);
            for (String d : dims) {
                if (d.isEmpty() || d.startsWith("-")) throw new IllegalArgumentException("bad dim '" + d + "' in " + dims);
            }
        }
    }

    /** {@code Shape.of("B", "T", 512)}: strings are symbols (or "?"), numbers are fixed sizes. */
    public static Shape of(Object... dims) {
        final List<String> out = new ArrayList<>(dims.length);
        for (Object d : dims) {
            if (d instanceof Integer || d instanceof Long) {
                final long n = ((Number) d).longValue();
                if (n < 0) throw new IllegalArgumentException("negative dim " + n);
                out.add(Long.toString(n));
            } else if (d instanceof String s) {
                out.add(s);
            } else {
                throw new IllegalArgumentException("a dim is a String symbol or an int size, not " + d);
            }
        }
        return new Shape(out);
    }

    /** A shape of fixed sizes. */
    public static Shape fixed(long... sizes) {
        final List<String> out = new ArrayList<>(sizes.length);
        for (long n : sizes) out.add(Long.toString(n));
        return new Shape(out);
    }

    public boolean knownRank() {
        return dims != null;
    }

    public int rank() {
        if (dims == null) throw new IllegalStateException("rank of an unknown shape");
        return dims.size();
    }

    /** Dim {@code i}; negative counts from the end. */
    public String dim(int i) {
        return dims.get(i < 0 ? i + rank() : i);
    }

    public static boolean isFixed(String dim) {
        return !dim.isEmpty() && Character.isDigit(dim.charAt(0));
    }

    /** The fixed size of dim {@code i}, or -1 when it is symbolic or unknown. */
    public long size(int i) {
        final String d = dim(i);
        return isFixed(d) ? Long.parseLong(d) : -1;
    }

    /** The element count when every dim is fixed, else -1. */
    public long elementCount() {
        if (dims == null) return -1;
        long n = 1;
        for (String d : dims) {
            if (!isFixed(d)) return -1;
            n *= Long.parseLong(d);
        }
        return n;
    }

    @Override
    public String toString() {
        return dims == null ? "[?...]" : "[" + String.join(", ", dims) + "]";
    }
}
