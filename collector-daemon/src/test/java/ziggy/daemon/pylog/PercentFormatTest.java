package ziggy.daemon.pylog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ziggy.testing.PythonPeer;

/**
 * Our {@code msg % args} held to Python's own: Debian's python3 runs {@code LogRecord(...).getMessage()} on every
 * case of the table (the same JSON that Python's handler would send), and ours must print the same text, or fail
 * where Python raises.
 */
class PercentFormatTest {
    /** Each case: {@code [msg, args]} as json.dumps(record.__dict__) carries them (a tuple as an array). */
    private static final List<String> CASES = List.of(
            "[\"plain text\", []]",
            "[\"hello %s\", [\"world\"]]",
            "[\"%s and %r\", [\"a'b\", \"x\"]]",
            "[\"%r %s\", [null, null]]",
            "[\"%r %r %s\", [1, true, false]]",
            "[\"%d items\", [42]]",
            "[\"%5d|%-5d|%05d|%+d|% d\", [42, 42, -42, 5, 5]]",
            "[\"%.3f %10.2f %-10.1f|\", [3.14159, 2.5, -1.25]]",
            "[\"%e %E %.0e %#.0e\", [12345.678, 0.000123, 5.5, 5.0]]",
            "[\"%g %G %g %g %#g %g\", [0.0001, 1e-5, 123456789.0, 100.0, 1.5, 0.0]]",
            "[\"%x %X %#x %o %#o %#X\", [255, 255, 255, 8, 8, 48879]]",
            "[\"%c%c%c\", [65, \"\\u00e9\", 128512]]",
            "[\"%%d %s%%\", [\"x\"]]",
            "[\"%(user)s logged in from %(ip)s\", {\"user\": \"bob\", \"ip\": \"1.2.3.4\"}]",
            "[\"%(n)05d %(f).2f %(s)r\", {\"n\": 7, \"f\": 2.675, \"s\": \"q\"}]",
            "[\"unicode %s \\u2192 %s\", [\"caf\\u00e9\", \"\\u65e5\\u672c\"]]",
            "[\"%.2s|%5s|%-5s|%5s|\", [\"abcdef\", \"ab\", \"ab\", \"\\u00e9t\\u00e9\"]]",
            "[\"%*d|%-*.*f|\", [6, 42, 8, 2, 3.14159]]",
            "[\"%s %r\", [[1, \"a\", null], {\"k\": [1.5, false]}]]",
            "[\"%d %d %i %u\", [3.99, true, -7, 7]]",
            "[\"%s %s %s %r %s\", [1e16, 1.5e-05, 0.1, 123456789012345680.0, 1e-7]]",
            "[\"%r\", [\"tab\\there\\nnew\\\\back 'q' \\\"dq\\\"\"]]",
            "[\"%r|%r|%a\", [\"it's\", \"\\u00e9\\u0007\", \"\\u00e9\\u4e2d\"]]",
            "[123, []]",
            "[{\"a\": 1}, []]",
            "[\"%s\", {\"a\": 1}]",
            "[\"100%\", {}]",
            "[\"100%\", []]",
            "[\"%.1f %.0f %.0f %.2f\", [0.25, 0.5, 1.5, 1e22]]",
            "[\"%g %.3g %10.3e| %f\", [1e100, 0.0001234, -0.0, -0.0]]",
            "[\"%5.1f%%\", [99.44]]",
            "[\"%s %d\", [9007199254740993, 12345678901234567890]]",
            "[\"%ld %hd %Lf\", [1, 2, 3.5]]",
            "[\"%-+8.3f|%08.3f|% 08.2e\", [3.14159, -3.14159, 1234.5]]",
            // Where Python raises: ours fails too, and the caller keeps msg.
            "[\"%d\", [\"abc\"]]",
            "[\"%s %s\", [\"one\"]]",
            "[\"%s\", [\"a\", \"b\"]]",
            "[\"no placeholder\", [\"extra\"]]",
            "[\"%y\", [1]]",
            "[\"%(k)s\", [\"tuple\"]]",
            "[\"%(missing)s\", {\"k\": 1}]",
            "[\"50%\", [1]]",
            "[\"%x\", [1.5]]",
            "[\"%c\", [\"ab\"]]",
            "[\"%f\", [\"1.0\"]]",
            "[\"%s %s\", {\"a\": 1}]");

    private static final String PYTHON = String.join("\n",
            "import json, logging, sys",
            "for line in open(sys.argv[1], encoding='utf-8'):",
            "    msg, args = json.loads(line)",
            "    record = logging.LogRecord('t', logging.INFO, 'p.py', 1, msg, (), None)",
            "    record.args = args if isinstance(args, dict) else tuple(args)  # as record.__dict__ held them",
            "    try:",
            "        print(json.dumps({'ok': record.getMessage()}))",
            "    except Exception as e:",
            "        print(json.dumps({'error': type(e).__name__}))");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void everyCaseFormatsAsPythonsGetMessage() throws Exception {
        Path cases = folder.resolve("cases.jsonl");
        Files.writeString(cases, String.join("\n", CASES) + "\n");
        PythonPeer.Result python = PythonPeer.run(PYTHON, Duration.ofSeconds(60), cases.toString()).assertSuccess();
        String[] expected = python.stdout().strip().split("\n");
        assertEquals(CASES.size(), expected.length, python.stdout());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            JsonNode pythonSays = JSON.readTree(expected[i]);
            JsonNode testCase = JSON.readTree(CASES.get(i));
            String ours;
            try {
                ours = "ok " + PercentFormat.message(testCase.get(0), testCase.get(1));
            } catch (PercentFormat.FormatFailure e) {
                ours = "error";
            }
            String theirs = pythonSays.has("ok") ? "ok " + pythonSays.get("ok").textValue() : "error";
            if (!theirs.equals(ours)) {
                mismatches.add(CASES.get(i) + "\n   python: " + theirs + "\n   ours:   " + ours);
            }
        }
        assertEquals("", String.join("\n", mismatches));
    }

    @Test
    void aFloatReprIsTheShortestThatReadsBack() {
        assertEquals("0.1", PythonText.floatRepr(0.1));
        assertEquals("1e+16", PythonText.floatRepr(1e16));
        assertEquals("1234567890123456.0", PythonText.floatRepr(1234567890123456.0));
        assertEquals("1.5e-05", PythonText.floatRepr(1.5e-5));
        assertEquals("-0.0", PythonText.floatRepr(-0.0));
    }
}
