package ziggy.storage.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import ziggy.storage.io.AtomicFile;
import ziggy.storage.io.FileIo;

/**
 * The queue's source id: 32 lowercase hex digits (128 random bits), made once when the folder is new
 * and kept in {@code <queue>/source-id} as that text and a newline. Upstreams key their per-source
 * sequence marks by it, so it must outlive every restart; a file that is not such a line is moved to
 * {@code damaged/} and replaced by a new id, and the upstream then sees a new source (it may write the
 * events it had already taken again, once).
 */
final class SourceId {
    static final String FILE = "source-id";

    private SourceId() {
    }

    static String loadOrCreate(FileIo io, Path folder, DamagedBytes damaged) throws IOException {
        Path file = folder.resolve(FILE);
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (text.matches("[0-9a-f]{32}")) {
                return text;
            }
            damaged.moveAside(file, "source id file does not hold 32 hex digits; a new source id is made");
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        AtomicFile.write(io, file, (id + "\n").getBytes(StandardCharsets.US_ASCII));
        return id;
    }
}
