package ziggy.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import ziggy.protocol.control.ControlException;

/**
 * Maps what goes wrong to an exit status and the single line a person reads, prefixed with the
 * tool's name: a usage mistake (picocli's {@link ParameterException}) is {@link ExitStatus#USAGE}
 * and points to the command's {@code --help}; a {@link CommandFailure} or a daemon that does not
 * answer ({@link ControlException}) is {@link ExitStatus#RUNTIME_FAILURE}. Anything else is a bug:
 * its stack trace, exit 1.
 */
public final class ErrorReporting implements IParameterExceptionHandler, IExecutionExceptionHandler {
    /** Gives {@code commandLine} (and its subcommands) this error handling; returns it. */
    public static CommandLine install(CommandLine commandLine) {
        ErrorReporting errors = new ErrorReporting();
        return commandLine.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        command.getErr().println(toolName(command) + ": " + ex.getMessage()
                + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
        command.getErr().flush();
        return ExitStatus.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        if (ex instanceof CommandFailure || ex instanceof ControlException) {
            command.getErr().println(toolName(command) + ": " + ex.getMessage());
        } else {
            ex.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return ExitStatus.RUNTIME_FAILURE;
    }

    private static String toolName(CommandLine command) {
        return command.getCommandSpec().root().name();
    }
}
