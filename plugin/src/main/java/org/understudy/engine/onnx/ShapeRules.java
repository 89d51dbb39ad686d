package org.understudy.engine.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Output shapes for {@link GraphBuilder}'s ops, as far as they follow from the input shapes. Symbolic
 * dims pass through where the op keeps them; anything the builder cannot tell becomes "?". A fixed-size
 * clash (MatMul inner dims, broadcasting 3 against 4) fails here, while the graph is being built.
 */
final class ShapeRules {
    private ShapeRules() {}

    static Shape broadcast(String op, Shape a, Shape b) {
        if (!a.knownRank() || !b.knownRank()) return Shape.UNKNOWN;
        final int rank = Math.max(a.rank(), b.rank());
        final List<String> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            final int ia = i - (rank - a.rank()), ib = i - (rank - b.rank());
            final String da = ia >= 0 ? a.dims().get(ia) : "1";
            final String db = ib >= 0 ? b.dims().get(ib) : "1";
            out.add(broadcastDim(op, a, b, da, db));
        }
        return new Shape(out);
    }

    private static String broadcastDim(String op, Shape a, Shape b, String da, String db) {
        if (da.equals(db)) return da;
        if (da.equals("1")) return db;
        if (db.equals("1")) return da;
        final boolean fa = Shape.isFixed(da), fb = Shape.isFixed(db);
        if (fa && fb) throw new IllegalArgumentException(op + ": cannot broadcast " + a + " with " + b);
        if (fa) return da;
        if (fb) return db;
        return Shape.ANY;
    }

    static Shape matMul(Shape a, Shape b) {
        if (!a.knownRank() || !b.knownRank()) return Shape.UNKNOWN;
        if (a.rank() == 0 || b.rank() == 0) throw new IllegalArgumentException("MatMul of a scalar: " + a + " · " + b);
        final String ka = a.dim(-1), kb = b.rank() == 1 ? b.dim(0) : b.dim(-2);
        if (Shape.isFixed(ka) && Shape.isFixed(kb) && !ka.equals(kb)) {
            throw new IllegalArgumentException("MatMul inner dims differ: " + a + " · " + b);
        }
        final List<String> out = new ArrayList<>();
        if (a.rank() == 1 && b.rank() == 1) return new Shape(out);
        if (a.rank() == 1) {
            out.addAll(b.dims().subList(0, b.rank() - 2));
            out.add(b.dim(-1));
            return new Shape(out);
        }
        if (b.rank() == 1) return new Shape(a.dims().subList(0, a.rank() - 1));
        final Shape batch = broadcast("MatMul", new Shape(a.dims().subList(0, a.rank() - 2)),
                new Shape(b.dims().subList(0, b.rank() - 2)));
        out.addAll(batch.dims());
        out.add(a.dim(-2));
        out.add(b.dim(-1));
        return new Shape(out);
    }

    /** An operand of FusedMatMul as it is multiplied: transBatch moves dim 0 behind the batch dims, trans swaps the last two. */
    static Shape fusedOperand(Shape x, boolean transBatch, boolean trans) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        final List<String> d = new ArrayList<>(x.dims());
        if (transBatch && d.size() >= 3) {
            final String first = d.remove(0);
            d.add(d.size() - 1, first);
        }
        if (trans && d.size() >= 2) d.add(d.size() - 2, d.remove(d.size() - 1));
        return new Shape(d);
    }

    /** Normalises a possibly negative axis against {@code rank}. */
    static int axis(String op, long axis, int rank) {
        final long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        return (int) a;
    }

    static Shape reduce(Shape x, long[] axes, boolean keepDims) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        final boolean[] reduced = new boolean[x.rank()];
        for (long a : axes) reduced[axis("Reduce", a, x.rank())] = true;
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!reduced[i]) out.add(x.dims().get(i));
            else if (keepDims) out.add("1");
        }
        return new Shape(out);
    }

    static Shape transpose(Shape x, int[] perm) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        if (perm.length != x.rank()) throw new IllegalArgumentException("Transpose: perm of " + perm.length + " axes for " + x);
        final List<String> out = new ArrayList<>(perm.length);
        for (int p : perm) out.add(x.dims().get(p));
        return new Shape(out);
    }

    static Shape unsqueeze(Shape x, long[] axes) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        final int rank = x.rank() + axes.length;
        final boolean[] inserted = new boolean[rank];
        for (long a : axes) inserted[axis("Unsqueeze", a, rank)] = true;
        final List<String> out = new ArrayList<>(rank);
        int j = 0;
        for (int i = 0; i < rank; i++) out.add(inserted[i] ? "1" : x.dims().get(j++));
        return new Shape(out);
    }

    static Shape squeeze(Shape x, long[] axes) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        final boolean[] removed = new boolean[x.rank()];
        for (long a : axes) {
            final int i = axis("Squeeze", a, x.rank());
            final String d = x.dims().get(i);
            if (Shape.isFixed(d) && !d.equals("1")) throw new IllegalArgumentException("Squeeze: axis " + a + " of " + x + " is not 1");
            removed[i] = true;
        }
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) if (!removed[i]) out.add(x.dims().get(i));
        return new Shape(out);
    }

    static Shape concat(List<Shape> parts, long axis) {
        for (Shape s : parts) if (!s.knownRank()) return Shape.UNKNOWN;
        final int rank = parts.get(0).rank();
        final int ax = axis("Concat", axis, rank);
        final List<String> out = new ArrayList<>(parts.get(0).dims());
        long fixedSum = 0;
        final List<String> symbols = new ArrayList<>();
        for (Shape s : parts) {
            if (s.rank() != rank) throw new IllegalArgumentException("Concat: ranks differ: " + parts);
            final String d = s.dims().get(ax);
            if (Shape.isFixed(d)) fixedSum += Long.parseLong(d);
            else symbols.add(d);
        }
        if (symbols.contains(Shape.ANY)) out.set(ax, Shape.ANY);
        else if (symbols.isEmpty()) out.set(ax, Long.toString(fixedSum));
        else out.set(ax, String.join("+", symbols) + (fixedSum > 0 ? "+" + fixedSum : ""));
        return new Shape(out);
    }

    /** Slice with constant bounds: exact on fixed dims; a symbolic dim survives only a full-range slice. */
    static Shape slice(Shape x, long[] starts, long[] ends, long[] axes, long[] steps) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        final List<String> out = new ArrayList<>(x.dims());
        for (int i = 0; i < axes.length; i++) {
            final int ax = axis("Slice", axes[i], x.rank());
            final long step = steps[i];
            final long n = x.size(ax);
            if (n < 0) {
                final boolean full = step == 1 && starts[i] == 0 && ends[i] >= Integer.MAX_VALUE;
                out.set(ax, full ? x.dims().get(ax) : Shape.ANY);
                continue;
            }
            long s = starts[i] < 0 ? starts[i] + n : starts[i];
            long e = ends[i] < 0 ? ends[i] + n : ends[i];
            final long len;
            if (step > 0) {
                s = Math.max(0, Math.min(s, n));
                e = Math.max(0, Math.min(e, n));
                len = e > s ? (e - s + step - 1) / step : 0;
            } else {
                s = Math.max(-1, Math.min(s, n - 1));
                e = Math.max(-1, Math.min(e, n - 1));
                len = s > e ? (s - e - step - 1) / -step : 0;
            }
            out.set(ax, Long.toString(len));
        }
        return new Shape(out);
    }

    static Shape reshape(Shape x, long[] target) {
        final List<String> out = new ArrayList<>(target.length);
        int inferred = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0) {
                if (!x.knownRank() || i >= x.rank()) throw new IllegalArgumentException("Reshape: 0 at " + i + " but input is " + x);
                out.add(x.dims().get(i));
            } else if (target[i] == -1) {
                if (inferred >= 0) throw new IllegalArgumentException("Reshape: two -1 in " + java.util.Arrays.toString(target));
                inferred = i;
                out.add(Shape.ANY);
            } else {
                out.add(Long.toString(target[i]));
            }
        }
        if (inferred >= 0) out.set(inferred, inferredDim(x, out, inferred));
        return new Shape(out);
    }

    /** Reshape's -1: what is left of the input's dims after cancelling the other output dims, symbols included. */
    private static String inferredDim(Shape x, List<String> out, int inferred) {
        if (!x.knownRank() || x.dims().contains(Shape.ANY)) return Shape.ANY;
        final List<String> symbols = new ArrayList<>();
        long fixed = 1;
        for (String d : x.dims()) {
            if (Shape.isFixed(d)) fixed *= Long.parseLong(d);
            else symbols.add(d);
        }
        long divisor = 1;
        for (int i = 0; i < out.size(); i++) {
            if (i == inferred) continue;
            final String d = out.get(i);
            if (Shape.isFixed(d)) divisor *= Long.parseLong(d);
            else if (!symbols.remove(d)) return Shape.ANY;
        }
        if (divisor == 0 || fixed % divisor != 0) return Shape.ANY;
        if (symbols.isEmpty()) return Long.toString(fixed / divisor);
        return symbols.size() == 1 && fixed == divisor ? symbols.get(0) : Shape.ANY;
    }

    static Shape gather(Shape data, Shape indices, long axis) {
        if (!data.knownRank() || !indices.knownRank()) return Shape.UNKNOWN;
        final int ax = axis("Gather", axis, data.rank());
        final List<String> out = new ArrayList<>(data.dims().subList(0, ax));
        out.addAll(indices.dims());
        out.addAll(data.dims().subList(ax + 1, data.rank()));
        return new Shape(out);
    }

    static Shape withDim(Shape x, int axis, String dim) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        final List<String> out = new ArrayList<>(x.dims());
        out.set(axis, dim);
        return new Shape(out);
    }

    /** Conv / ConvTranspose output length: exact for a fixed length, the same symbol for a length-preserving conv. */
    static String convLength(String length, long kernel, long stride, long padBegin, long padEnd, long dilation,
            boolean transposed, long outputPadding) {
        final long span = dilation * (kernel - 1);
        if (Shape.isFixed(length) && kernel > 0) {
            final long n = Long.parseLong(length);
            final long out = transposed ? (n - 1) * stride - padBegin - padEnd + span + outputPadding + 1
                    : (n + padBegin + padEnd - span - 1) / stride + 1;
            return Long.toString(out);
        }
        final boolean preserving = kernel > 0 && stride == 1 && padBegin + padEnd == span && outputPadding == 0;
        return preserving ? length : Shape.ANY;
    }

    static Shape pad(Shape x, long[] pads) {
        if (!x.knownRank()) return Shape.UNKNOWN;
        if (pads.length != 2 * x.rank()) throw new IllegalArgumentException("Pad: " + pads.length + " pads for " + x);
        final List<String> out = new ArrayList<>(x.rank());
        for (int i = 0; i < x.rank(); i++) {
            final long add = pads[i] + pads[i + x.rank()];
            final String d = x.dims().get(i);
            out.add(add == 0 ? d : Shape.isFixed(d) ? Long.toString(Long.parseLong(d) + add) : Shape.ANY);
        }
        return new Shape(out);
    }

    /** The shape of a tensor whose dims are the values of a 1-D INT64 tensor of shape {@code shapeOfShape}. */
    static Shape fromShapeTensor(Shape shapeOfShape) {
        if (!shapeOfShape.knownRank() || shapeOfShape.rank() != 1 || shapeOfShape.size(0) < 0) return Shape.UNKNOWN;
        final List<String> out = new ArrayList<>();
        for (long i = 0; i < shapeOfShape.size(0); i++) out.add(Shape.ANY);
        return new Shape(out);
    }
}
