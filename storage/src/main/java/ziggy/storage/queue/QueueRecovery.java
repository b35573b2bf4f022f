package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import ziggy.storage.io.FileIo;

/**
 * Start-up recovery of a queue folder's segments. Every segment is read through once:
 * <ul>
 *   <li>a damaged range that runs to the end of a segment is a torn tail (a kill -9 or power loss in the
 *       middle of a write): its bytes are copied to {@code damaged/} and the file is cut back to the end
 *       of its last good record;</li>
 *   <li>a damaged range with good records after it is copied to {@code damaged/} and left in place; readers
 *       skip it. The seqs missing across it are counted as corrupt events;</li>
 *   <li>a segment that cannot be opened or read, or whose header is bad, is moved to {@code damaged/};</li>
 *   <li>seqs missing between one segment and the next (a segment deleted by hand, or moved aside) and
 *       not yet acknowledged are reported and counted as corrupt events.</li>
 * </ul>
 * Nothing here throws for bad bytes: recovery reports, counts and goes on, so a damaged queue never
 * stops the daemon from starting.
 */
final class QueueRecovery {
    private static final System.Logger LOG = System.getLogger(QueueRecovery.class.getName());

    private final FileIo io;
    private final Path folder;
    private final DamagedBytes damagedBytes;
    final List<Segment> segments = new ArrayList<>();
    /** The highest base of any segment file seen, readable or not: the next seq is at least this. */
    long highestBase;
    long corruptEvents;
    long truncatedBytes;

    QueueRecovery(FileIo io, Path folder, DamagedBytes damagedBytes) {
        this.io = io;
        this.folder = folder;
        this.damagedBytes = damagedBytes;
    }

    void run(long acknowledged) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder, "*" + SegmentFormat.SUFFIX)) {
            for (Path file : listing) {
                long base = SegmentFormat.baseOf(file.getFileName().toString());
                if (base >= 0) {
                    files.put(base, file);
                }
            }
        }
        for (var entry : files.entrySet()) {
            highestBase = Math.max(highestBase, entry.getKey());
            Segment segment = recover(entry.getValue(), entry.getKey());
            if (segment != null) {
                segments.add(segment);
            }
        }
        long previousLast = acknowledged;
        for (Segment segment : segments) {
            if (segment.records > 0) {
                if (segment.firstSeq > previousLast + 1) {
                    long missing = segment.firstSeq - previousLast - 1;
                    corruptEvents += missing;
                    LOG.log(System.Logger.Level.WARNING, "queue: seqs " + (previousLast + 1) + ".." + (segment.firstSeq - 1)
                            + " are missing before " + segment.path.getFileName()
                            + " (a segment was deleted or damaged); " + missing + " events lost");
                }
                previousLast = Math.max(previousLast, segment.lastSeq);
            }
        }
    }

    private Segment recover(Path file, long base) {
        String problem;
        try (FileChannel channel = io.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // read the whole header or up to the end of a short file
            }
            header.flip();
            problem = SegmentFormat.problemWith(header, base);
            if (problem == null) {
                Segment segment = new Segment(file, base, SegmentFormat.createdMillis(header));
                scan(segment, channel);
                return segment;
            }
        } catch (IOException e) {
            problem = "cannot be read: " + e;
        }
        damagedBytes.moveAside(file, problem);
        return null;
    }

    private void scan(Segment segment, FileChannel channel) throws IOException {
        long size = channel.size();
        SegmentReader reader = new SegmentReader(channel, SegmentFormat.HEADER_BYTES);
        List<long[]> damaged = new ArrayList<>();
        long lastGoodEnd = SegmentFormat.HEADER_BYTES;
        long pendingDamageStart = -1;
        long pendingDamageEnd = -1;
        while (true) {
            SegmentReader.Step step = reader.next(size);
            if (step == SegmentReader.Step.END) {
                break;
            }
            if (step == SegmentReader.Step.DAMAGED) {
                if (pendingDamageStart < 0) {
                    pendingDamageStart = reader.damageStart();
                }
                pendingDamageEnd = reader.damageEnd();
                continue;
            }
            if (reader.seq() <= segment.lastSeq && segment.records > 0) {
                // Seqs only grow; a record that goes back is not ours to deliver.
                if (pendingDamageStart < 0) {
                    pendingDamageStart = reader.recordOffset();
                }
                pendingDamageEnd = reader.position();
                continue;
            }
            if (pendingDamageStart >= 0) {
                long lost = segment.records > 0 ? reader.seq() - segment.lastSeq - 1 : Math.max(1, reader.seq() - segment.baseSeq);
                lost = Math.max(1, lost);
                corruptEvents += lost;
                damaged.add(new long[] {pendingDamageStart, pendingDamageEnd});
                Path kept = damagedBytes.copyRange(segment.path, channel, pendingDamageStart, pendingDamageEnd);
                LOG.log(System.Logger.Level.WARNING, "queue: " + segment.path.getFileName() + ": bytes " + pendingDamageStart
                        + ".." + pendingDamageEnd + " are damaged; skipped " + lost + " events before seq " + reader.seq()
                        + "; copied to " + kept);
                pendingDamageStart = -1;
            }
            segment.recordAppended(reader.seq());
            lastGoodEnd = reader.position();
        }
        if (pendingDamageStart >= 0 || lastGoodEnd < size) {
            long cut = size - lastGoodEnd;
            truncatedBytes += cut;
            Path kept = damagedBytes.copyRange(segment.path, channel, lastGoodEnd, size);
            channel.truncate(lastGoodEnd);
            channel.force(true);
            LOG.log(System.Logger.Level.WARNING, "queue: " + segment.path.getFileName() + ": cut a torn tail of " + cut
                    + " bytes after offset " + lastGoodEnd + "; copied to " + kept);
        }
        segment.size = lastGoodEnd;
        segment.readableEnd = lastGoodEnd;
        segment.damaged = List.copyOf(damaged);
    }
}
