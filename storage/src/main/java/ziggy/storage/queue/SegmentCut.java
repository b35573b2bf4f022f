package ziggy.storage.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import ziggy.storage.io.FileIo;

/**
 * Where to cut a segment so that it keeps only its records at or below a seq, for
 * {@link DiskQueue#discardAfter}: right after the last good record at or below the seq (or after the
 * segment header when there is none), so that the file ends on a whole record and no damaged bytes are
 * left at its end. When the record after the seq is good and nothing damaged lies before it, that is
 * exactly that record's offset.
 */
record SegmentCut(long offset, long keptRecords, long lastKeptSeq) {

    /** Reads {@code segment} up to its size, as recovery did, to find the cut after {@code seq}. */
    static SegmentCut after(FileIo io, Segment segment, long seq) throws IOException {
        try (FileChannel channel = io.open(segment.path, StandardOpenOption.READ)) {
            SegmentReader reader = new SegmentReader(channel, SegmentFormat.HEADER_BYTES);
            long offset = SegmentFormat.HEADER_BYTES;
            long kept = 0;
            long lastKept = segment.baseSeq - 1;
            for (SegmentReader.Step step = reader.next(segment.size); step != SegmentReader.Step.END;
                 step = reader.next(segment.size)) {
                if (step != SegmentReader.Step.RECORD || (kept > 0 && reader.seq() <= lastKept)) {
                    continue; // damaged, or going back in seqs: recovery does not count these either
                }
                if (reader.seq() > seq) {
                    break;
                }
                kept++;
                lastKept = reader.seq();
                offset = reader.position();
            }
            return new SegmentCut(offset, kept, lastKept);
        }
    }

    /** Cuts the file at {@link #offset} and fsyncs it. */
    void apply(FileIo io, Segment segment) throws IOException {
        try (FileChannel channel = io.open(segment.path, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.force(true);
        }
        segment.cutBack(offset, keptRecords, lastKeptSeq);
    }
}
