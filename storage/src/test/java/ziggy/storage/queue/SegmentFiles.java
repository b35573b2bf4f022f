package ziggy.storage.queue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads and damages queue folders on purpose, by the documented byte layout, for recovery tests. */
final class SegmentFiles {
    private SegmentFiles() {
    }

    static List<Path> segments(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    static List<Path> damaged(Path folder) throws IOException {
        Path damaged = folder.resolve("damaged");
        if (!Files.isDirectory(damaged)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(damaged)) {
            return files.sorted().toList();
        }
    }

    /** The byte offset of each record in a segment, by the 32-byte header and each record's length field. */
    static List<Long> recordOffsets(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> offsets = new ArrayList<>();
        for (int at = 32; at + 24 <= bytes.limit(); at += 24 + bytes.getInt(at + 4)) {
            offsets.add((long) at);
        }
        return offsets;
    }

    static void flipBit(Path file, long offset, int bit) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ (1 << bit));
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }
}
