package org.understudy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code understudy} command: its exit code, standard output and error. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        final CommandLine cli = Understudy.commandLine();
        final StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        final int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
