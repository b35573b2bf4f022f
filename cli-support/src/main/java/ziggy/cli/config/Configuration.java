package ziggy.cli.config;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Adds configuration from the environment and a file to a picocli command, in one line before
 * {@code execute}:
 * <pre>
 * CommandLine commandLine = Configuration.install(new CommandLine(new Ziggyd()));
 * </pre>
 * It adds {@code --config FILE} and {@code --print-config}, sets {@link SettingSources} as the default
 * provider, and wraps the execution strategy so that the file is checked even when every option came
 * from flags, and so that {@code --print-config} prints and exits 0 before the command runs. Problems
 * with the file are {@link picocli.CommandLine.ParameterException}s: the command's own handler prints
 * them as usage errors (exit 2). Install it after the command's parameter-exception handler: it wraps
 * that handler so that a bad value from the environment or the file says where it came from.
 */
public final class Configuration {
    private Configuration() {
    }

    /** Returns {@code commandLine}, for chaining with the other installers. */
    public static CommandLine install(CommandLine commandLine) {
        return install(commandLine, System.getenv());
    }

    /** As {@link #install(CommandLine)}, reading {@code environment} instead of the process's. */
    public static CommandLine install(CommandLine commandLine, Map<String, String> environment) {
        ConfigOptions options = new ConfigOptions();
        commandLine.addMixin("configuration", options);
        SettingSources sources = new SettingSources(commandLine, environment);
        commandLine.setDefaultValueProvider(sources);
        IParameterExceptionHandler usageErrors = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((error, args) -> usageErrors.handleParseException(sources.naming(error), args));
        IExecutionStrategy command = commandLine.getExecutionStrategy();
        commandLine.setExecutionStrategy(parseResult -> {
            if (parseResult.isUsageHelpRequested() || parseResult.isVersionHelpRequested()) {
                return command.execute(parseResult);
            }
            sources.file();
            if (options.printConfig) {
                print(commandLine.getOut(), sources, parseResult);
                return commandLine.getCommandSpec().exitCodeOnSuccess();
            }
            return command.execute(parseResult);
        });
        return commandLine;
    }

    /**
     * One line a setting, {@code key = value} then where it came from, in the command's order:
     * <pre>
     * collect   = *:3514           # flag
     * log-path  = /var/log/ziggy   # env ZIGGYD_LOG_PATH
     * timezone  = UTC              # default
     * </pre>
     */
    private static void print(PrintWriter out, SettingSources sources, ParseResult parseResult) {
        Map<String, OptionSpec> settings = sources.settings();
        int keyWidth = settings.keySet().stream().mapToInt(String::length).max().orElse(0);
        int valueWidth = 0;
        String[] values = new String[settings.size()];
        int i = 0;
        for (OptionSpec option : settings.values()) {
            values[i] = display(option);
            valueWidth = Math.max(valueWidth, values[i].length());
            i++;
        }
        i = 0;
        for (Map.Entry<String, OptionSpec> setting : settings.entrySet()) {
            Origin origin = matched(parseResult, setting.getValue()) ? Origin.FLAG : sources.originWithoutFlag(setting.getKey());
            out.printf("%-" + keyWidth + "s = %-" + valueWidth + "s   # %s%n", setting.getKey(), values[i++], origin);
        }
        out.flush();
    }

    /**
     * Parses {@code args} into {@code commandLine} (installed with {@link #install}) as a start does, with
     * the environment and the file as they are now, and returns every setting's value by key, as
     * {@code --print-config} shows them: what a reload compares with what is in effect.
     *
     * @throws picocli.CommandLine.ParameterException for a bad flag, variable, file or value, with its source
     */
    public static Map<String, String> parse(CommandLine commandLine, String... args) {
        if (!(commandLine.getDefaultValueProvider() instanceof SettingSources sources)) {
            throw new IllegalStateException("Configuration.install was not called on this command line");
        }
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw sources.naming(e);
        }
        sources.file();
        return values(commandLine);
    }

    /** Every setting's value now, by key, as {@code --print-config} shows it, of a parsed command line. */
    public static Map<String, String> values(CommandLine commandLine) {
        if (!(commandLine.getDefaultValueProvider() instanceof SettingSources sources)) {
            throw new IllegalStateException("Configuration.install was not called on this command line");
        }
        Map<String, String> values = new java.util.LinkedHashMap<>();
        sources.settings().forEach((key, option) -> values.put(key, display(option)));
        return values;
    }

    private static boolean matched(ParseResult parseResult, OptionSpec option) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An option's value as text: several values joined by the option's own separator (its split, such as
     * {@code ;} for processors whose options hold commas), else by commas, so the text reads back the same.
     */
    private static String display(OptionSpec option) {
        Object value = option.getValue();
        if (value == null) {
            return "";
        }
        String separator = option.splitRegex().isEmpty() ? "," : option.splitRegex();
        if (value instanceof Object[] array) {
            return String.join(separator, Arrays.stream(array).map(String::valueOf).toList());
        }
        if (value instanceof Collection<?> values) {
            return String.join(separator, values.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
