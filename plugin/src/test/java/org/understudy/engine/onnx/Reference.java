package org.understudy.engine.onnx;

/** Plain-Java reference computations in double, row-major, for checking ORT's fp32 results. */
final class Reference {
    private Reference() {}

    /** x [rows, in] · wᵀ (torch Linear weight [out, in]) + b [out] → [rows, out]. */
    static double[] linear(float[] x, int rows, int in, float[] w, float[] b, int out) {
        final double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) s += (double) x[r * in + i] * w[o * in + i];
                y[r * out + o] = s;
            }
        }
        return y;
    }

    /** Layer norm over the last dim d, biased variance, as torch. */
    static double[] layerNorm(double[] x, int d, float[] gamma, float[] beta, double eps) {
        final double[] y = new double[x.length];
        for (int r = 0; r < x.length / d; r++) {
            double mean = 0, var = 0;
            for (int i = 0; i < d; i++) mean += x[r * d + i];
            mean /= d;
            for (int i = 0; i < d; i++) var += (x[r * d + i] - mean) * (x[r * d + i] - mean);
            var /= d;
            for (int i = 0; i < d; i++) y[r * d + i] = (x[r * d + i] - mean) / Math.sqrt(var + eps) * gamma[i] + (beta == null ? 0 : beta[i]);
        }
        return y;
    }

    /** Softmax over the last dim d. */
    static double[] softmax(double[] x, int d) {
        final double[] y = new double[x.length];
        for (int r = 0; r < x.length / d; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < d; i++) max = Math.max(max, x[r * d + i]);
            for (int i = 0; i < d; i++) sum += y[r * d + i] = Math.exp(x[r * d + i] - max);
            for (int i = 0; i < d; i++) y[r * d + i] /= sum;
        }
        return y;
    }

    /** One-head causal attention: softmax(q kᵀ / √d, masked j > i) · v; q, k, v are [t, d]. */
    static double[] causalAttention(double[] q, double[] k, double[] v, int t, int d) {
        final double[] scores = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += q[i * d + c] * k[j * d + c];
                scores[i * t + j] = j > i ? Double.NEGATIVE_INFINITY : s / Math.sqrt(d);
            }
        }
        final double[] p = softmax(scores, t);
        final double[] out = new double[t * d];
        for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) for (int c = 0; c < d; c++) out[i * d + c] += p[i * t + j] * v[j * d + c];
        return out;
    }

    /** nn.Conv1d: x [n, cIn, len], w [cOut, cIn/groups, k], bias [cOut] → [n, cOut, lenOut]. */
    static double[] conv1d(float[] x, int n, int cIn, int len, float[] w, float[] bias, int cOut, int k,
            int stride, int pad, int dilation, int groups) {
        final int lenOut = (len + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        final int cInG = cIn / groups, cOutG = cOut / groups;
        final double[] y = new double[n * cOut * lenOut];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cOut; o++) {
                final int g = o / cOutG;
                for (int t = 0; t < lenOut; t++) {
                    double s = bias == null ? 0 : bias[o];
                    for (int ci = 0; ci < cInG; ci++) {
                        for (int j = 0; j < k; j++) {
                            final int src = t * stride - pad + j * dilation;
                            if (src < 0 || src >= len) continue;
                            s += (double) x[(b * cIn + g * cInG + ci) * len + src] * w[(o * cInG + ci) * k + j];
                        }
                    }
                    y[(b * cOut + o) * lenOut + t] = s;
                }
            }
        }
        return y;
    }

    /** nn.ConvTranspose1d: x [n, cIn, len], w [cIn, cOut/groups, k], bias [cOut] → [n, cOut, lenOut]. */
    static double[] convTranspose1d(float[] x, int n, int cIn, int len, float[] w, float[] bias, int cOut, int k,
            int stride, int pad, int dilation, int groups) {
        final int lenOut = (len - 1) * stride - 2 * pad + dilation * (k - 1) + 1;
        final int cInG = cIn / groups, cOutG = cOut / groups;
        final double[] y = new double[n * cOut * lenOut];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cOut; o++) for (int t = 0; t < lenOut; t++) y[(b * cOut + o) * lenOut + t] = bias == null ? 0 : bias[o];
            for (int ci = 0; ci < cIn; ci++) {
                final int g = ci / cInG;
                for (int oc = 0; oc < cOutG; oc++) {
                    final int o = g * cOutG + oc;
                    for (int t = 0; t < len; t++) {
                        for (int j = 0; j < k; j++) {
                            final int dst = t * stride - pad + j * dilation;
                            if (dst < 0 || dst >= lenOut) continue;
                            y[(b * cOut + o) * lenOut + dst] += (double) x[(b * cIn + ci) * len + t] * w[(ci * cOutG + oc) * k + j];
                        }
                    }
                }
            }
        }
        return y;
    }

    /** erf by its Taylor series (exact to ~1e-12 for |x| < 5); ±1 beyond. */
    static double erf(double x) {
        if (Math.abs(x) >= 5) return Math.signum(x);
        double term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
            if (Math.abs(term) < 1e-17) break;
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
