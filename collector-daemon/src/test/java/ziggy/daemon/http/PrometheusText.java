package ziggy.daemon.http;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reading of Prometheus' text format 0.0.4, for where promtool is not installed (the Java client
 * has no parser): every line is a HELP, a TYPE or a sample; every sample belongs to a family whose TYPE
 * came before it, with the suffixes that type allows; names and labels are well formed; values parse; no
 * family is declared twice.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? (\\S+)( -?[0-9]+)?");

    private PrometheusText() {
    }

    /** Runs Prometheus' own linter when it is installed (Debian's prometheus package); CI installs it where it can. */
    static void checkWithPromtoolWhereInstalled(String text) throws IOException, InterruptedException {
        Path promtool = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                promtool = Path.of(dir, "promtool");
                break;
            }
        }
        if (promtool == null) {
            System.out.println("promtool is not on PATH; the metrics were checked by the strict parser only");
            return;
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish");
        }
        if (check.exitValue() != 0 || !said.isBlank()) {
            throw new AssertionError("promtool check metrics (exit " + check.exitValue() + "): " + said);
        }
    }

    static void checkStrictly(String text) {
        if (!text.endsWith("\n")) {
            throw new AssertionError("the exposition must end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                if (!helped.add(help.group(1))) {
                    throw new AssertionError(number + ": HELP twice for " + help.group(1));
                }
            } else if (type.matches()) {
                if (types.put(type.group(1), type.group(2)) != null) {
                    throw new AssertionError(number + ": TYPE twice for " + type.group(1));
                }
            } else if (sample.matches()) {
                String family = familyOf(sample.group(1), types);
                if (family == null) {
                    throw new AssertionError(number + ": sample before its TYPE: " + line);
                }
                parseValue(sample.group(3), number);
            } else {
                throw new AssertionError(number + ": not a line of the text format: " + line);
            }
        }
    }

    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_total", "_bucket", "_count", "_sum", "_created", "_info"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if (type != null && allows(type, suffix)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static boolean allows(String type, String suffix) {
        return switch (type) {
            case "counter" -> suffix.equals("_total") || suffix.equals("_created");
            case "histogram" -> suffix.equals("_bucket") || suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
            case "summary" -> suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
            default -> false;
        };
    }

    private static void parseValue(String value, int number) {
        switch (value) {
            case "NaN", "+Inf", "-Inf" -> {
            }
            default -> {
                try {
                    Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new AssertionError(number + ": bad value " + value);
                }
            }
        }
    }
}
