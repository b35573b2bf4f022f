package ziggy.storage.queue;

import java.io.IOException;

/**
 * The queue folder cannot be used, for a reason a person fixes (it is locked by another process, it is
 * not a folder, it cannot be created or written). The message is one line naming the folder; a command
 * line prints it and exits, without a stack trace.
 */
public final class QueueFolderException extends IOException {
    public QueueFolderException(String message) {
        super(message);
    }

    public QueueFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
