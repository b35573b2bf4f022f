package ziggy.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * picocli's source of values for the options not given as flags: the environment first, then the config
 * file. picocli asks it after reading the command line, and only for options the command line did not
 * set, which gives the order flag &gt; environment &gt; file &gt; the option's own default. It remembers
 * which source answered for each option, for {@code --print-config}.
 *
 * <p>The file is {@code --config}'s value, else the environment's {@code <TOOL>_CONFIG}; it is read once,
 * at the first question, and every key in it must name an option of the command (or of a subcommand).
 */
public final class SettingSources implements IDefaultValueProvider {
    private final CommandLine commandLine;
    private final Map<String, String> environment;
    private final String envPrefix;
    private final Map<String, Origin> origins = new HashMap<>();
    /** The raw value each answer gave, to tell a bad value of ours from one typed on the command line. */
    private final Map<String, String> answers = new HashMap<>();
    private ConfigFile file;

    SettingSources(CommandLine commandLine, Map<String, String> environment) {
        this.commandLine = commandLine;
        this.environment = environment;
        this.envPrefix = envName(commandLine.getCommandSpec().name(), "");
    }

    /** {@code ziggyd} and {@code log-path} give {@code ZIGGYD_LOG_PATH}. */
    static String envName(String tool, String key) {
        String name = key.isEmpty() ? tool + "_" : tool + "_" + key;
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code --log-path} gives {@code log-path}; null for an option that is no setting (help, version, config's own, short-only). */
    static String keyOf(OptionSpec option) {
        String name = option.longestName();
        if (!name.startsWith("--") || option.usageHelp() || option.versionHelp()
                || name.equals(ConfigOptions.CONFIG) || name.equals(ConfigOptions.PRINT_CONFIG)) {
            return null;
        }
        return name.substring(2);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        String key = keyOf(option);
        if (key == null) {
            return null;
        }
        String variable = envPrefix + key.toUpperCase(Locale.ROOT).replace('-', '_');
        String fromEnv = environment.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            origins.put(key, Origin.env(variable));
            answers.put(key, fromEnv);
            return fromEnv;
        }
        ConfigFile config = file();
        ConfigFile.Entry entry = config == null ? null : config.entries().get(key);
        if (entry != null) {
            origins.put(key, Origin.file(config.path() + ":" + entry.line()));
            answers.put(key, entry.value());
            return entry.value();
        }
        return null;
    }

    /**
     * The config file, read and checked once; null while none is named. Not remembered while none is
     * named: picocli may ask for defaults before it has read {@code --config} from the command line.
     */
    ConfigFile file() {
        Path path = configPath();
        if (path == null) {
            return null;
        }
        if (file != null && file.path().equals(path)) {
            return file;
        }
        try {
            file = ConfigFile.read(path);
        } catch (ConfigException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
        Map<String, OptionSpec> known = settings();
        for (ConfigFile.Entry entry : file.entries().values()) {
            if (!known.containsKey(entry.key())) {
                ConfigFile unusable = file;
                file = null;
                throw new ParameterException(commandLine, unusable.path() + ":" + entry.line() + ": unknown key '"
                        + entry.key() + "' (" + commandLine.getCommandName() + " has no --" + entry.key() + ")");
            }
        }
        return file;
    }

    private Path configPath() {
        OptionSpec flag = commandLine.getCommandSpec().findOption(ConfigOptions.CONFIG);
        Path fromFlag = flag == null ? null : flag.getValue();
        if (fromFlag != null) {
            return fromFlag;
        }
        String fromEnv = environment.get(envPrefix + "CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    /** Every option that is a setting, by key, of the command and its subcommands, in declaration order. */
    Map<String, OptionSpec> settings() {
        Map<String, OptionSpec> settings = new LinkedHashMap<>();
        List<CommandSpec> commands = new ArrayList<>();
        commands.add(commandLine.getCommandSpec());
        for (int i = 0; i < commands.size(); i++) {
            CommandSpec command = commands.get(i);
            for (OptionSpec option : command.options()) {
                String key = keyOf(option);
                if (key != null) {
                    settings.putIfAbsent(key, option);
                }
            }
            for (CommandLine sub : command.subcommands().values()) {
                commands.add(sub.getCommandSpec());
            }
        }
        return settings;
    }

    /**
     * {@code error} with where its bad value came from when that was the environment or the file
     * ("Invalid value for option '--idle-close-seconds': 'soon' is not an int (from file ziggyd.conf:3)"),
     * so the user knows what to fix; otherwise {@code error} itself.
     */
    ParameterException naming(ParameterException error) {
        if (!(error.getArgSpec() instanceof OptionSpec option)) {
            return error;
        }
        String key = keyOf(option);
        if (key == null || !origins.containsKey(key) || error.getValue() == null || !error.getValue().equals(answers.get(key))) {
            return error;
        }
        return new ParameterException(error.getCommandLine(), error.getMessage() + " (from " + origins.get(key) + ")",
                error, option, error.getValue());
    }

    /** Where {@code key}'s value came from when the command line did not set it: env, file or default. */
    Origin originWithoutFlag(String key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }
}
