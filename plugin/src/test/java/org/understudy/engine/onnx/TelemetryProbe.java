package org.understudy.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.Map;

/**
 * Run by {@link TelemetryTest} in a JVM of its own, with HOME pointing at a temporary folder.
 * "engine": start ORT through {@link OnnxRuntime} and run a model. "bare": the control, ORT started
 * directly, as any code that bypassed OnnxRuntime would.
 */
public final class TelemetryProbe {
    private TelemetryProbe() {}

    public static void main(String[] args) throws Exception {
        final GraphBuilder g = new GraphBuilder("probe");
        g.output("y", g.relu(g.input("x", DType.FLOAT, "N")), "N");
        final OnnxGraph graph = g.build();
        if (args[0].equals("engine")) {
            try (OrtModel m = OrtModel.create(graph, Map.of(), SessionConfig.cpu(1));
                    OnnxTensor x = Tensors.floats(new float[] {-1, 2}, 2); OrtSession.Result r = m.run(Map.of("x", x))) {
                System.out.println("ran " + java.util.Arrays.toString(Tensors.toFloats((OnnxTensor) r.get(0))));
            }
        } else {
            final OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(graph.toByteArray()); OnnxTensor x = OnnxTensor.createTensor(env, new float[] {-1, 2});
                    OrtSession.Result r = s.run(Map.of("x", x))) {
                System.out.println("ran " + java.util.Arrays.toString((float[]) r.get(0).getValue()));
            }
        }
        System.out.println(OnnxRuntime.TELEMETRY_VARIABLE + "=" + ProcessEnv.get(OnnxRuntime.TELEMETRY_VARIABLE));
    }
}
