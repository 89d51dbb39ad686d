package org.understudy.engine.script;

import java.io.IOException;
import java.nio.file.Path;

/** A script that cannot be read; the message names the file and, where there is one, the line. */
public final class ScriptException extends IOException {
    private static final long serialVersionUID = 1L;

    ScriptException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
