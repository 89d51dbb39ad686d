package org.understudy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.understudy.tools.Dev;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code phonemize}, {@code parity} and {@code bench}: the developer commands of README, under {@code understudy}. */
final class DeveloperCommands {
    private DeveloperCommands() {}

    /** Hands the words after the command name to {@link Dev}. */
    abstract static class PassThrough implements Callable<Integer> {
        @Parameters(paramLabel = "ARGS", arity = "0..*", description = "As in README, \"Developer commands\".")
        List<String> args = new ArrayList<>();

        abstract String name();

        @Override
        public Integer call() throws Exception {
            final List<String> all = new ArrayList<>(List.of(name()));
            all.addAll(args);
            Dev.main(all.toArray(new String[0]));
            return 0;
        }
    }

    @Command(name = "phonemize", description = "The text frontend on a line of text: TEXT [--lang MODE] [--version V] [--gsv-text DIR] [--jieba DIR] [--lexicon FILE].")
    static final class Phonemize extends PassThrough {
        @Override
        String name() {
            return "phonemize";
        }
    }

    @Command(name = "parity", description = "Runs a model on fixture inputs and writes its outputs for comparison with upstream: t2s|sovits|sv|hubert|bert ...")
    static final class Parity extends PassThrough {
        @Override
        String name() {
            return "parity";
        }
    }

    @Command(name = "bench", description = "Prints speed figures beside upstream's: t2s|sovits|guide ...")
    static final class Bench extends PassThrough {
        @Override
        String name() {
            return "bench";
        }
    }
}
