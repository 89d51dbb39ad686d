package org.understudy.tools;

import java.util.Arrays;

/**
 * Developer commands (see README, "Developer commands"):
 * <pre>
 *   bench t2s [--layers N] [--width N] [--threads N] [--steps N] [--repeats N] [--segments N] [--rows R,R|none]
 *   bench sovits [--threads N] [--repeats N] [--seconds S]
 *   bench guide [SAMPLE_RATE]
 *   bench render [--cues N] [--threads N] [--tokens N] [--rows N]
 *   parity t2s CHECKPOINT INPUT_DIR OUTPUT_DIR
 *   parity sovits PTH INPUT_DIR OUTPUT_DIR
 *   parity sv CKPT INPUT_DIR OUTPUT_DIR
 *   parity hubert HF_DIR INPUT_DIR OUTPUT_DIR
 *   parity bert HF_DIR INPUT_DIR OUTPUT_DIR
 *   phonemize TEXT [--lang auto|zh|en|all_zh|...] [--version v1|v2] [--gsv-text DIR] [--lexicon FILE]
 * </pre>
 */
public final class Dev {
    private Dev() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) usage();
        final String[] rest = Arrays.copyOfRange(args, 2, args.length);
        switch (args[0].equals("phonemize") ? "phonemize" : args[0] + " " + args[1]) {
            case "phonemize" -> Phonemize.run(Arrays.copyOfRange(args, 1, args.length));
            case "bench t2s" -> T2SBench.run(rest);
            case "bench sovits" -> SovitsBench.run(rest);
            case "bench guide" -> GuideBench.run(rest);
            case "bench render" -> RenderBench.run(rest);
            case "parity t2s" -> T2SParity.run(rest);
            case "parity sovits" -> SovitsParity.sovits(rest);
            case "parity sv" -> SovitsParity.sv(rest);
            case "parity hubert" -> HubertParity.run(rest);
            case "parity bert" -> BertParity.run(rest);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: bench t2s [--layers N] [--width N] [--threads N] [--steps N] [--repeats N] [--segments N] [--rows R,R|none]\n"
                + "       bench sovits [--threads N] [--repeats N] [--seconds S]\n"
                + "       bench guide [SAMPLE_RATE]\n"
                + "       bench render [--cues N] [--threads N] [--tokens N] [--rows N]\n"
                + "       parity t2s CHECKPOINT INPUT_DIR OUTPUT_DIR\n"
                + "       parity sovits PTH INPUT_DIR OUTPUT_DIR\n"
                + "       parity sv CKPT INPUT_DIR OUTPUT_DIR\n"
                + "       parity hubert HF_DIR INPUT_DIR OUTPUT_DIR\n"
                + "       parity bert HF_DIR INPUT_DIR OUTPUT_DIR\n"
                + "       phonemize TEXT [--lang auto|zh|en|all_zh|...] [--version v1|v2] [--gsv-text DIR] [--lexicon FILE]");
        System.exit(2);
    }
}
