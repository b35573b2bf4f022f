/**
 * Where a tool's settings come from besides its flags: the environment and a config file, in the order
 * flag &gt; environment &gt; file &gt; the option's default. A tool adopts it in one line,
 * {@link ziggy.cli.config.Configuration#install}, which adds {@code --config FILE} and
 * {@code --print-config}.
 *
 * <p>Invariants: every option with a long name is a key ({@code --log-path} is {@code log-path} in the
 * file and {@code ZIGGYD_LOG_PATH} in the environment of {@code ziggyd}); an unknown key in the file, or a
 * malformed line, is a usage error naming the file and line, never ignored; unknown environment variables
 * are ignored (launchers keep their own there, such as {@code ZIGGYD_OPTS}).
 */
package ziggy.cli.config;
