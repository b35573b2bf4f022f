package ziggy.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file whole: the bytes go to {@code <name>.tmp}, are fsynced, and the temp file is
 * renamed over the old one, then the folder is fsynced. A crash leaves either the old file or the new
 * one, never a mixture (a leftover {@code .tmp} is simply overwritten next time).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    public static void write(FileIo io, Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = io.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        io.replace(temp, file);
        io.syncFolder(file.getParent());
    }
}
