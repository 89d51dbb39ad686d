package org.understudy.engine.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be used. The message names the file and says what is wrong in words
 * a user can act on; the cause, when there is one, is for the log.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /** [any-thread] For loaders outside this package that find a problem with a model file or folder. */
    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }

    CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
