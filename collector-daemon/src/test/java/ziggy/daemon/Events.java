package ziggy.daemon;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;

import ziggy.protocol.control.ControlReplies;

/** Events as Ziggy clients make them, and their bytes. */
final class Events {
    private Events() {
    }

    static byte[] event(String type, double start, int n) {
        return ControlReplies.encode(new BsonDocument()
                .append("type", new BsonString(type))
                .append("id", new BsonString("id-" + n))
                .append("host", new BsonString("web-1"))
                .append("pid", new BsonInt32(4242))
                .append("start", new BsonDouble(start))
                .append("end", new BsonDouble(start + 0.012))
                .append("body", new BsonDocument("n", new BsonInt32(n)).append("path", new BsonString("/p/" + n))));
    }

    static double utc(int year, int month, int day, int hour, int minute, int second) {
        return ZonedDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.UTC).toEpochSecond();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
