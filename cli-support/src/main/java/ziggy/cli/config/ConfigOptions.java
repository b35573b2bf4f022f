package ziggy.cli.config;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The two flags {@link Configuration#install} adds to a command. */
public final class ConfigOptions {
    static final String CONFIG = "--config";
    static final String PRINT_CONFIG = "--print-config";

    @Option(names = CONFIG, paramLabel = "FILE",
            description = "Read settings from FILE: key = value lines, keys are the long flags without --. "
                    + "Flags override the environment, which overrides the file.")
    Path config;

    @Option(names = PRINT_CONFIG,
            description = "Print the effective settings and where each came from (flag, env, file, default), then exit.")
    boolean printConfig;
}
