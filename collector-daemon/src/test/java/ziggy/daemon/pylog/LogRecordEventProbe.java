package ziggy.daemon.pylog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** For the benchmark in another package: the mapping alone, and its parts. */
public final class LogRecordEventProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LogRecordEvent records = new LogRecordEvent("bench-host");

    public int encode(byte[] topic, byte[] record) throws Exception {
        return records.encode(topic, record).length;
    }

    public int parse(byte[] record) throws Exception {
        return JSON.readTree(record).size();
    }

    public int format(byte[] record) throws Exception {
        JsonNode root = JSON.readTree(record);
        return PercentFormat.message(root.get("msg"), root.get("args")).length();
    }
}
